using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>
/// AMT_ManagementPresenceRemoteSAP: the MPS entries in <see cref="CiraConfiguration.MpServers"/>.
/// Delete by Name; an MPS a policy still refers to is not deleted (AccessDenied), as the AMT SDK's
/// "Remove a Management Presence Server" says; a missing one is InvalidSelectors.
/// </summary>
public sealed class AmtManagementPresenceRemoteSap : WsmanClass
{
    public override string ClassName => "AMT_ManagementPresenceRemoteSAP";

    public override IReadOnlyCollection<WsmanOperation> Operations => [WsmanOperation.Delete];

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call)
        => [.. call.State.Cira.MpServers.Select(Render)];

    public WsmanInstance Render(MpServer server) => Instance(
        WsmanProperty.Of("AccessInfo", server.AccessInfo),
        WsmanProperty.Of("CN", server.CommonName),
        WsmanProperty.Of("CreationClassName", ClassName),
        WsmanProperty.Of("ElementName", "Intel(r) AMT:Management Presence Server"),
        WsmanProperty.Of("InfoFormat", server.InfoFormat),
        WsmanProperty.Of("Name", server.Name),
        WsmanProperty.Of("Port", server.Port),
        WsmanProperty.Of("SystemCreationClassName", "CIM_ComputerSystem"),
        WsmanProperty.Of("SystemName", "Intel(r) AMT"));

    public override WsmanResult Delete(WsmanCall call)
    {
        var name = call.Request.Selector("Name");
        var cira = call.State.Cira;
        var index = cira.MpServers.FindIndex(s => s.Name == name);
        if (index < 0)
        {
            return WsmanResult.Fault(WsmanFaultKind.InvalidSelectors, name is null ? "the request names no MPS Name" : $"no MPS '{name}'");
        }

        if (cira.Policies.Any(p => p.MpServerNames.Contains(name!)))
        {
            return WsmanResult.Fault(WsmanFaultKind.AccessDenied, $"MPS '{name}' is used by a remote access policy; delete the policy first");
        }

        cira.MpServers.RemoveAt(index);
        return new DeletedResult();
    }
}
