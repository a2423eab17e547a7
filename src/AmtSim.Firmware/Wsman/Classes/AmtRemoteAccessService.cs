using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>
/// AMT_RemoteAccessService: the CIRA configuration methods MeshCentral's amtmanager (addMpsServer,
/// addMpsPolicy) and RPS call. AddMpServer(AccessInfo, InfoFormat, Port, AuthMethod, Certificate,
/// Username, Password, CN) → MpServer (an AMT_ManagementPresenceRemoteSAP reference);
/// AddRemoteAccessPolicyRule(Trigger, TunnelLifeTime, ExtendedData, MpServer…, InternalMpServer…)
/// → PolicyRule (an AMT_RemoteAccessPolicyRule reference). A bad parameter answers 36
/// (PT_STATUS_INVALID_PARAMETER); a second policy for the same trigger 2058 (duplicate). [I]
/// </summary>
public sealed class AmtRemoteAccessService : WsmanClass
{
    public const string ServiceName = "Intel(r) AMT Remote Access Service";

    public override string ClassName => "AMT_RemoteAccessService";

    public override IReadOnlyCollection<string> Methods => ["AddMpServer", "AddRemoteAccessPolicyRule"];

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) =>
    [
        Instance(
            WsmanProperty.Of("CreationClassName", ClassName),
            WsmanProperty.Of("ElementName", ServiceName),
            WsmanProperty.Of("Name", ServiceName),
            WsmanProperty.Of("SystemCreationClassName", "CIM_ComputerSystem"),
            WsmanProperty.Of("SystemName", "Intel(r) AMT")),
    ];

    public override WsmanResult Invoke(string method, WsmanCall call) => method switch
    {
        "AddMpServer" => AddMpServer(call),
        "AddRemoteAccessPolicyRule" => AddRemoteAccessPolicyRule(call),
        _ => NotSupported(method),
    };

    private static WsmanResult Invalid(string why) => WsmanResult.Output(AmtSetupAndConfigurationService.InvalidParameter, why);

    private static WsmanResult AddMpServer(WsmanCall call)
    {
        var accessInfo = call.Text("AccessInfo")?.Trim();
        if (string.IsNullOrEmpty(accessInfo))
        {
            return Invalid("AccessInfo missing");
        }

        if (!call.TryUInt("InfoFormat", out var format) || format is not (MpServer.InfoFormatIpv4 or 4 or MpServer.InfoFormatFqdn))
        {
            return Invalid($"InfoFormat must be 3 (IPv4), 4 (IPv6) or 201 (FQDN): '{call.Text("InfoFormat")}'");
        }

        if (!call.TryUInt("Port", out var port) || port is 0 or > 65535)
        {
            return Invalid($"Port must be 1..65535: '{call.Text("Port")}'");
        }

        if (!call.TryUInt("AuthMethod", out var auth) || auth is not (MpServer.MutualAuthentication or MpServer.PasswordAuthentication))
        {
            return Invalid($"AuthMethod must be 1 (mutual) or 2 (username/password): '{call.Text("AuthMethod")}'");
        }

        var username = call.Text("Username");
        var password = call.Text("Password");
        if (auth == MpServer.PasswordAuthentication && (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password)))
        {
            return Invalid("AuthMethod 2 needs Username and Password");
        }

        var cira = call.State.Cira;
        var name = MpServer.NamePrefix + cira.NextMpServerNumber++;
        var server = new MpServer(name, accessInfo, (int)format, (int)port, call.Text("CN")?.Trim() ?? "", (int)auth, username, password);
        cira.MpServers.Add(server);
        return WsmanResult.Output(0, name, WsmanProperty.Ref("MpServer", server.Reference));
    }

    private static WsmanResult AddRemoteAccessPolicyRule(WsmanCall call)
    {
        if (!call.TryUInt("Trigger", out var trigger) || trigger > RemoteAccessPolicy.PeriodicTrigger)
        {
            return Invalid($"Trigger must be 0 (user initiated), 1 (alert) or 2 (periodic): '{call.Text("Trigger")}'");
        }

        if (!call.TryUInt("TunnelLifeTime", out var lifetime))
        {
            return Invalid($"TunnelLifeTime must be a number of seconds: '{call.Text("TunnelLifeTime")}'");
        }

        var extended = call.Text("ExtendedData")?.Trim() ?? "";
        var cira = call.State.Cira;
        var names = new List<string>();
        foreach (var element in call.Input!.ChildrenNamed("MpServer").Concat(call.Input.ChildrenNamed("InternalMpServer")))
        {
            var reference = EndpointReference.FromElement(element);
            var name = reference?.Selector("Name");
            if (name is null || !cira.MpServers.Any(s => s.Name == name))
            {
                return Invalid($"MpServer {(name is null ? "is not a reference with a Name selector" : $"'{name}' is not a known MPS")}");
            }

            names.Add(name);
        }

        if (names.Count == 0)
        {
            return Invalid("no MpServer given");
        }

        var policy = new RemoteAccessPolicy(RemoteAccessPolicy.NameOf((int)trigger), (int)trigger, (int)lifetime, extended, names);
        if ((int)trigger == RemoteAccessPolicy.PeriodicTrigger && policy.PeriodicInterval is null)
        {
            return Invalid("a periodic policy needs ExtendedData: base64 of timer type 0 and the interval in seconds (two big-endian uint32)");
        }

        if (cira.Policies.Any(p => p.Trigger == (int)trigger))
        {
            return WsmanResult.Output(AmtPublicKeyManagementService.Duplicate, $"a {policy.PolicyRuleName} policy exists; delete it first");
        }

        cira.Policies.Add(policy);
        return WsmanResult.Output(0, policy.PolicyRuleName, WsmanProperty.Ref("PolicyRule", AmtRemoteAccessPolicyRule.ReferenceTo(policy)));
    }
}
