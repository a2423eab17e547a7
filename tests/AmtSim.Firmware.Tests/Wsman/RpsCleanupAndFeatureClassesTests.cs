using AmtSim.Firmware.Device;
using AmtSim.Firmware.Wsman;
using AmtSim.Protocol.Wsman;
using Xunit;

namespace AmtSim.Firmware.Tests.Wsman;

/// <summary>
/// The classes RPS v2.31.0 calls after activation (issue 14 item 4), answered as a real AMT 16 does
/// (values from go-wsman-messages' recorded responses; docs/wsman.md cites each).
/// </summary>
public class RpsCleanupAndFeatureClassesTests
{
    private static (AmtDevice Device, WsmanTestClient Client) Activated()
    {
        var (device, _) = TestDevices.Create();
        device.Apply(LifecycleEvent.SetupSessionAccepted, "test");
        device.Apply(LifecycleEvent.Committed, "test");
        return (device, TestDevices.Client(device));
    }

    // Issue 14: Get IPS_IEEE8021xSettings answered 400 DestinationUnreachable, so RPS skipped its clean-up.
    [Fact]
    public void Get_Ieee8021xSettings_ReturnsDisabledFactoryProfile()
    {
        var (_, client) = Activated();

        var reply = client.Get("IPS_IEEE8021xSettings");

        Assert.Equal(200, reply.Status);
        Assert.Equal("Intel(r) AMT: 8021X Settings", reply.Text("InstanceID"));
        Assert.Equal("3", reply.Text("Enabled"));
        Assert.Equal("120", reply.Text("PxeTimeout"));
    }

    [Fact]
    public void Put_Ieee8021xSettings_EchoesAndKeepsWrittenValues()
    {
        var (_, client) = Activated();

        var put = client.Put("IPS_IEEE8021xSettings", "<r:ElementName>Intel(r) AMT: 8021X Settings</r:ElementName><r:Enabled>3</r:Enabled><r:InstanceID>Intel(r) AMT: 8021X Settings</r:InstanceID><r:PxeTimeout>60</r:PxeTimeout>");

        Assert.Equal(200, put.Status);
        Assert.Equal("60", put.Text("PxeTimeout"));
        Assert.Equal("60", client.Get("IPS_IEEE8021xSettings").Text("PxeTimeout"));
    }

    // Issue 14: Get AMT_RedirectionService answered 400, so RPS skipped its feature configuration.
    [Fact]
    public void Get_RedirectionService_ReturnsIderAndSolWithListener()
    {
        var (_, client) = Activated();

        var reply = client.Get("AMT_RedirectionService");

        Assert.Equal(200, reply.Status);
        Assert.Equal("Intel(r) AMT Redirection Service", reply.Text("Name"));
        Assert.Equal("32771", reply.Text("EnabledState"));
        Assert.Equal("true", reply.Text("ListenerEnabled"));
    }

    [Fact]
    public void RequestStateChange_RedirectionServiceToSolOnly_ReturnsZeroAndGetShowsIt()
    {
        var (_, client) = Activated();

        var reply = client.Invoke("AMT_RedirectionService", "RequestStateChange", ("RequestedState", "32770"));

        Assert.Equal(0u, reply.ReturnValue);
        Assert.Equal("32770", client.Get("AMT_RedirectionService").Text("EnabledState"));
    }

    [Theory]
    [InlineData("2")]
    [InlineData("32772")]
    [InlineData("x")]
    public void RequestStateChange_RedirectionServiceInvalidState_ReturnsInvalidParameterAndKeepsState(string requested)
    {
        var (_, client) = Activated();

        Assert.Equal(5u, client.Invoke("AMT_RedirectionService", "RequestStateChange", ("RequestedState", requested)).ReturnValue);
        Assert.Equal("32771", client.Get("AMT_RedirectionService").Text("EnabledState"));
    }

    [Fact]
    public void Put_RedirectionServiceListenerDisabled_EchoesInstance()
    {
        var (_, client) = Activated();

        var put = client.Put("AMT_RedirectionService", "<r:CreationClassName>AMT_RedirectionService</r:CreationClassName><r:ElementName>Intel(r) AMT Redirection Service</r:ElementName><r:EnabledState>32768</r:EnabledState><r:ListenerEnabled>false</r:ListenerEnabled><r:Name>Intel(r) AMT Redirection Service</r:Name>");

        Assert.Equal(200, put.Status);
        Assert.Equal(("32768", "false"), (put.Text("EnabledState"), put.Text("ListenerEnabled")));
        Assert.Equal("false", client.Get("AMT_RedirectionService").Text("ListenerEnabled"));
    }

    [Fact]
    public void RequestStateChange_RedirectionServiceBeforeActivation_IsAccessDenied()
    {
        var (device, _) = TestDevices.Create();

        var reply = TestDevices.Client(device).Invoke("AMT_RedirectionService", "RequestStateChange", ("RequestedState", "32770"));

        Assert.Equal(400, reply.Status);
        Assert.Equal("e:AccessDenied", reply.Subcode);
    }

    [Fact]
    public void Get_OptInService_ReturnsKvmConsentAndTimeouts()
    {
        var (_, client) = Activated();

        var reply = client.Get("IPS_OptInService");

        Assert.Equal(200, reply.Status);
        Assert.Equal(("1", "0", "120", "300"), (reply.Text("OptInRequired"), reply.Text("OptInState"), reply.Text("OptInCodeTimeout"), reply.Text("OptInDisplayTimeout")));
    }

    [Fact]
    public void Put_OptInServiceConsentForAll_EchoesAndKeeps()
    {
        var (_, client) = Activated();

        var put = client.Put("IPS_OptInService", "<r:CanModifyOptInPolicy>1</r:CanModifyOptInPolicy><r:CreationClassName>IPS_OptInService</r:CreationClassName><r:Name>Intel(r) AMT OptIn Service</r:Name><r:OptInRequired>4294967295</r:OptInRequired>");

        Assert.Equal(200, put.Status);
        Assert.Equal("4294967295", put.Text("OptInRequired"));
        Assert.Equal("4294967295", client.Get("IPS_OptInService").Text("OptInRequired"));
    }

    [Fact]
    public void Put_OptInServiceUnknownPolicy_IsInvalidParameter()
    {
        var (_, client) = Activated();

        var put = client.Put("IPS_OptInService", "<r:OptInRequired>7</r:OptInRequired>");

        Assert.Equal(400, put.Status);
        Assert.Equal("e:InvalidParameter", put.Subcode);
        Assert.Equal("1", client.Get("IPS_OptInService").Text("OptInRequired"));
    }

    [Fact]
    public void Get_KvmRedirectionSap_EnabledButOfflineWithRequestedEnabled()
    {
        var (_, client) = Activated();

        var reply = client.Get("CIM_KVMRedirectionSAP");

        Assert.Equal(200, reply.Status);
        Assert.Equal(("6", "2", "4"), (reply.Text("EnabledState"), reply.Text("RequestedState"), reply.Text("KVMProtocol")));
    }

    [Fact]
    public void RequestStateChange_KvmDisabled_ReportsDisabled()
    {
        var (_, client) = Activated();

        Assert.Equal(0u, client.Invoke("CIM_KVMRedirectionSAP", "RequestStateChange", ("RequestedState", "3")).ReturnValue);
        var reply = client.Get("CIM_KVMRedirectionSAP");
        Assert.Equal(("3", "3"), (reply.Text("EnabledState"), reply.Text("RequestedState")));
        Assert.Equal(5u, client.Invoke("CIM_KVMRedirectionSAP", "RequestStateChange", ("RequestedState", "6")).ReturnValue);
    }

    [Theory]
    [InlineData("IPS_HTTPProxyAccessPoint")]
    [InlineData("CIM_WiFiEndpointSettings")]
    [InlineData("AMT_RemoteAccessPolicyRule")]
    [InlineData("AMT_ManagementPresenceRemoteSAP")]
    public void EnumeratePull_FactoryDevice_EndsEmpty(string className)
    {
        var (_, client) = Activated();

        var (items, pages) = client.EnumerateAll(className);

        Assert.Empty(items);
        Assert.True(Assert.Single(pages).EndOfSequence);
    }

    // Issue 14: RPS deletes the three CIRA policies in its clean-up and expects a 400 for a missing one.
    [Theory]
    [InlineData("User Initiated")]
    [InlineData("Alert")]
    [InlineData("Periodic")]
    public void Delete_MissingRemoteAccessPolicyRule_Is400(string rule)
    {
        var (_, client) = Activated();

        var reply = client.Delete("AMT_RemoteAccessPolicyRule", ("PolicyRuleName", rule));

        Assert.Equal(400, reply.Status);
        Assert.Equal("e:InvalidSelectors", reply.Subcode);
    }

    [Fact]
    public void Delete_ExistingRemoteAccessPolicyRule_RemovesOnlyThatRule()
    {
        var (device, client) = Activated();
        device.WsmanState.Cira.Policies.Add(new RemoteAccessPolicy("User Initiated", 0, 300, "", []));
        device.WsmanState.Cira.Policies.Add(new RemoteAccessPolicy("Periodic", 2, 0, "AAAAAAAAABk=", []));

        var reply = client.Delete("AMT_RemoteAccessPolicyRule", ("PolicyRuleName", "Periodic"));

        Assert.Equal(200, reply.Status);
        var (items, _) = client.EnumerateAll("AMT_RemoteAccessPolicyRule");
        Assert.Equal("User Initiated", Assert.Single(items).Elements().First(e => e.Name.LocalName == "PolicyRuleName").Value);
    }

    [Fact]
    public void Delete_MpServerUsedByPolicy_IsRefusedUntilThePolicyIsGone()
    {
        var (device, client) = Activated();
        var name = MpServer.NamePrefix + "0";
        device.WsmanState.Cira.MpServers.Add(new MpServer(name, "mps.contoso.com", 201, 4433, "mps.contoso.com"));
        device.WsmanState.Cira.Policies.Add(new RemoteAccessPolicy("Periodic", 2, 0, "AAAAAAAAABk=", [name]));

        var pulled = client.EnumerateAll("AMT_ManagementPresenceRemoteSAP").Items;
        var refused = client.Delete("AMT_ManagementPresenceRemoteSAP", ("Name", name));
        client.Delete("AMT_RemoteAccessPolicyRule", ("PolicyRuleName", "Periodic"));
        var deleted = client.Delete("AMT_ManagementPresenceRemoteSAP", ("Name", name));

        Assert.Equal("4433", Assert.Single(pulled).Elements().First(e => e.Name.LocalName == "Port").Value);
        Assert.Equal((400, "e:AccessDenied"), (refused.Status, refused.Subcode));
        Assert.Equal(200, deleted.Status);
        Assert.Empty(device.WsmanState.Cira.MpServers);
    }

    [Fact]
    public void Get_EnvironmentDetection_FactoryHasNoDetectionStrings()
    {
        var (_, client) = Activated();

        var reply = client.Get("AMT_EnvironmentDetectionSettingData");

        Assert.Equal(200, reply.Status);
        Assert.Equal("Intel(r) AMT Environment Detection Settings", reply.Text("InstanceID"));
        Assert.Equal("0", reply.Text("DetectionAlgorithm"));
        Assert.Null(reply.Text("DetectionStrings"));
    }

    [Fact]
    public void Put_EnvironmentDetection_StoresStringsThenClearsThem()
    {
        var (device, client) = Activated();
        const string Head = "<r:DetectionAlgorithm>0</r:DetectionAlgorithm>";
        const string Tail = "<r:ElementName>Intel(r) AMT Environment Detection Settings</r:ElementName><r:InstanceID>Intel(r) AMT Environment Detection Settings</r:InstanceID>";

        var set = client.Put("AMT_EnvironmentDetectionSettingData", Head + "<r:DetectionStrings>contoso.com</r:DetectionStrings><r:DetectionStrings>corp.contoso.com</r:DetectionStrings>" + Tail);
        var cleared = client.Put("AMT_EnvironmentDetectionSettingData", Head + Tail);

        Assert.Equal(["contoso.com", "corp.contoso.com"], set.Texts("DetectionStrings"));
        Assert.Equal(200, cleared.Status);
        Assert.Empty(cleared.Texts("DetectionStrings"));
        Assert.Empty(device.WsmanState.Cira.EnvironmentDetection.DetectionStrings);
    }

    [Fact]
    public void Put_EnvironmentDetectionSixStrings_IsInvalidParameter()
    {
        var (_, client) = Activated();
        var six = string.Concat(Enumerable.Range(1, 6).Select(i => $"<r:DetectionStrings>d{i}.contoso.com</r:DetectionStrings>"));

        var reply = client.Put("AMT_EnvironmentDetectionSettingData", six);

        Assert.Equal((400, "e:InvalidParameter"), (reply.Status, reply.Subcode));
    }

    [Fact]
    public void Delete_WiFiProfile_RemovesItAndSecondDeleteIs400()
    {
        var (device, client) = Activated();
        device.WsmanState.WiFiProfiles.Add([WsmanProperty.Of("InstanceID", "Intel(r) AMT:WiFi Endpoint Settings home"), WsmanProperty.Of("SSID", "home")]);

        var first = client.Delete("CIM_WiFiEndpointSettings", ("InstanceID", "Intel(r) AMT:WiFi Endpoint Settings home"));
        var second = client.Delete("CIM_WiFiEndpointSettings", ("InstanceID", "Intel(r) AMT:WiFi Endpoint Settings home"));

        Assert.Equal((200, 400), (first.Status, second.Status));
        Assert.Empty(device.WsmanState.WiFiProfiles);
    }

    [Fact]
    public void Unprovision_ResetsRedirectionAndCira()
    {
        var (device, client) = Activated();
        client.Invoke("AMT_RedirectionService", "RequestStateChange", ("RequestedState", "32768"));
        device.WsmanState.Cira.Policies.Add(new RemoteAccessPolicy("Alert", 1, 0, "", []));

        Assert.Equal(0u, client.Invoke("AMT_SetupAndConfigurationService", "Unprovision", ("ProvisioningMode", "1")).ReturnValue);

        Assert.Equal("32771", client.Get("AMT_RedirectionService").Text("EnabledState"));
        Assert.Empty(device.WsmanState.Cira.Policies);
    }
}
