using AmtSim.Firmware.Device;
using AmtSim.Firmware.Tests.Wsman;
using AmtSim.Firmware.Wsman;
using Xunit;

namespace AmtSim.Firmware.Tests.Cira;

/// <summary>The CIRA configuration classes as MeshCentral's amtmanager calls them (addMpsServer, addMpsPolicy, the CIRA batch read).</summary>
public sealed class CiraConfigurationClassesTests
{
    private static (AmtDevice Device, WsmanTestClient Client) Activated()
    {
        var (device, _) = TestDevices.Create();
        device.Apply(LifecycleEvent.SetupSessionAccepted, "test");
        device.Apply(LifecycleEvent.Committed, "test");
        return (device, TestDevices.Client(device));
    }

    internal static Reply AddMpServer(WsmanTestClient client, string password = "P@ssw0rd-Mps1", string port = "4433")
        => client.Invoke("AMT_RemoteAccessService", "AddMpServer",
            ("AccessInfo", "mps.contoso.com"), ("InfoFormat", "201"), ("Port", port), ("AuthMethod", "2"),
            ("Username", "tOkGm9ydWsWNxSEv"), ("Password", password), ("CN", "mps.contoso.com"));

    internal static Reply AddPeriodicPolicy(WsmanTestClient client, string server = MpServer.NamePrefix + "0")
        => client.Invoke("AMT_RemoteAccessService", "AddRemoteAccessPolicyRule",
            ("Trigger", "2"), ("TunnelLifeTime", "0"), ("ExtendedData", RemoteAccessPolicy.PeriodicExtendedData(TimeSpan.FromSeconds(10))),
            ("MpServer", WsmanTestClient.Reference("AMT_ManagementPresenceRemoteSAP", "Name", server)));

    [Fact]
    public void AddMpServer_MeshCentralArguments_ReturnsTheSapReferenceAndStoresTheCredentials()
    {
        var (device, client) = Activated();

        var reply = AddMpServer(client);

        Assert.Equal(0u, reply.ReturnValue);
        Assert.Contains("Intel(r) AMT:Management Presence Server 0", reply.Texts("Selector"));
        Assert.Equal(4, reply.Texts("Selector").Count());
        var server = Assert.Single(device.WsmanState.Cira.MpServers);
        Assert.Equal(("mps.contoso.com", 201, 4433, "tOkGm9ydWsWNxSEv", "P@ssw0rd-Mps1"), (server.AccessInfo, server.InfoFormat, server.Port, server.Username, server.Password));
        var sap = client.Get("AMT_ManagementPresenceRemoteSAP", ("Name", server.Name));
        Assert.Equal("4433", sap.Text("Port"));
        var credentials = client.EnumerateAll("AMT_MPSUsernamePassword").Items;
        Assert.Equal("tOkGm9ydWsWNxSEv", Assert.Single(credentials).Elements().First(e => e.Name.LocalName == "RemoteID").Value);
        Assert.DoesNotContain("P@ssw0rd-Mps1", string.Concat(credentials.Select(c => c.ToString())), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("InfoFormat", "7")]
    [InlineData("Port", "0")]
    [InlineData("AuthMethod", "3")]
    public void AddMpServer_BadParameter_Returns36AndAddsNothing(string name, string value)
    {
        var (device, client) = Activated();
        (string, string)[] args = [("AccessInfo", "mps.contoso.com"), ("InfoFormat", "201"), ("Port", "4433"), ("AuthMethod", "2"), ("Username", "u"), ("Password", "p")];

        var reply = client.Invoke("AMT_RemoteAccessService", "AddMpServer", [.. args.Select(a => a.Item1 == name ? (a.Item1, value) : a)]);

        Assert.Equal(36u, reply.ReturnValue);
        Assert.Empty(device.WsmanState.Cira.MpServers);
    }

    [Fact]
    public void AddMpServer_BeforeProvisioning_IsNotPermitted()
    {
        var (device, _) = TestDevices.Create();

        Assert.Equal(16u, AddMpServer(TestDevices.Client(device)).ReturnValue);
    }

    [Fact]
    public void AddRemoteAccessPolicyRule_PeriodicForAnMps_PolicyAndAssociationAsMeshCentralReadsThem()
    {
        var (device, client) = Activated();
        AddMpServer(client);

        var reply = AddPeriodicPolicy(client);
        var association = Assert.Single(client.EnumerateAll("AMT_RemoteAccessPolicyAppliesToMPS").Items);

        Assert.Equal(0u, reply.ReturnValue);
        Assert.Contains("<c:Selector Name=\"PolicyRuleName\">Periodic</c:Selector>", reply.Raw.Replace("wsman:", "c:", StringComparison.Ordinal), StringComparison.Ordinal);
        var policy = Assert.Single(device.WsmanState.Cira.Policies);
        Assert.Equal(TimeSpan.FromSeconds(10), policy.PeriodicInterval);
        var text = association.ToString();
        Assert.Contains("Intel(r) AMT:Management Presence Server 0", text, StringComparison.Ordinal);
        Assert.Contains(">Periodic<", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRemoteAccessPolicyRule_UnknownMps_Returns36()
    {
        var (_, client) = Activated();

        Assert.Equal(36u, AddPeriodicPolicy(client, MpServer.NamePrefix + "9").ReturnValue);
    }

    [Fact]
    public void AddRemoteAccessPolicyRule_SecondPeriodic_ReturnsDuplicate()
    {
        var (_, client) = Activated();
        AddMpServer(client);
        AddPeriodicPolicy(client);

        Assert.Equal(2058u, AddPeriodicPolicy(client).ReturnValue);
    }

    [Fact]
    public void UserInitiatedConnectionService_RequestStateChange32771_EnabledStateReadsBack()
    {
        var (_, client) = Activated();

        Assert.Equal("32768", client.Get("AMT_UserInitiatedConnectionService").Text("EnabledState"));
        Assert.Equal(0u, client.Invoke("AMT_UserInitiatedConnectionService", "RequestStateChange", ("RequestedState", "32771")).ReturnValue);
        Assert.Equal("32771", client.Get("AMT_UserInitiatedConnectionService").Text("EnabledState"));
        Assert.Equal(36u, client.Invoke("AMT_UserInitiatedConnectionService", "RequestStateChange", ("RequestedState", "2")).ReturnValue);
    }

    [Fact]
    public void MeshCentralCiraBatch_EveryClassEnumerates()
    {
        // amtmanager's attemptCiraSync reads these in one batch and gives up on any non-200.
        var (_, client) = Activated();

        foreach (var name in new[] { "AMT_EnvironmentDetectionSettingData", "AMT_ManagementPresenceRemoteSAP", "AMT_RemoteAccessCredentialContext", "AMT_RemoteAccessPolicyAppliesToMPS", "AMT_RemoteAccessPolicyRule", "AMT_UserInitiatedConnectionService", "AMT_MPSUsernamePassword" })
        {
            Assert.Equal(200, client.Enumerate(name).Status);
        }
    }

    [Fact]
    public void ConfigurationCalls_EachSuccessfulWrite_NotifiesTheCiraAgent()
    {
        var (device, client) = Activated();
        var notified = 0;
        device.CiraConfigurationChanged += _ => notified++;

        AddMpServer(client);
        AddPeriodicPolicy(client);
        client.Get("AMT_RemoteAccessService");

        Assert.Equal(2, notified);
    }
}
