using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>
/// AMT_MPSUsernamePassword: the credentials of each password-authenticated MPS (set by AddMpServer).
/// RemoteID is the username; Secret is write-only (never in a reply); Put changes either.
/// </summary>
public sealed class AmtMpsUsernamePassword : WsmanClass
{
    public override string ClassName => "AMT_MPSUsernamePassword";

    public override IReadOnlyCollection<WsmanOperation> Operations => [WsmanOperation.Put];

    public static string InstanceIdOf(MpServer server) => "Intel(r) AMT:MPS Username Password " + server.Name[MpServer.NamePrefix.Length..];

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call)
        => [.. call.State.Cira.MpServers.Where(s => s.AuthMethod == MpServer.PasswordAuthentication).Select(s => Instance(
            WsmanProperty.Of("ElementName", "Intel(r) AMT:MPS Username Password"),
            WsmanProperty.Of("InstanceID", InstanceIdOf(s)),
            WsmanProperty.Of("RemoteID", s.Username ?? "")))];

    public override WsmanResult Put(WsmanCall call)
    {
        var id = call.Request.Selector("InstanceID") ?? call.Text("InstanceID");
        var servers = call.State.Cira.MpServers;
        var index = servers.FindIndex(s => s.AuthMethod == MpServer.PasswordAuthentication && InstanceIdOf(s) == id);
        if (index < 0)
        {
            return WsmanResult.Fault(WsmanFaultKind.InvalidSelectors, id is null ? "the request names no InstanceID" : $"no MPS credentials '{id}'");
        }

        var server = servers[index];
        servers[index] = server with { Username = call.Text("RemoteID") ?? server.Username, Password = call.Text("Secret") ?? server.Password };
        return new InstanceResult(Instances(call).First(i => i["InstanceID"] == id));
    }
}
