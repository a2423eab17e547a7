using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>CIM_WiFiEndpointSettings: the wireless profiles (<see cref="WsmanDeviceState.WiFiProfiles"/>; none on a factory device); Delete by InstanceID.</summary>
public sealed class CimWiFiEndpointSettings : WsmanClass
{
    public override string ClassName => "CIM_WiFiEndpointSettings";

    public override IReadOnlyCollection<WsmanOperation> Operations => [WsmanOperation.Delete];

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) => [.. call.State.WiFiProfiles.Select(Instance)];

    public override WsmanResult Delete(WsmanCall call)
    {
        var id = call.Request.Selector("InstanceID");
        var index = call.State.WiFiProfiles.FindIndex(p => p.FirstOrDefault(x => x.Name == "InstanceID")?.Value == id);
        if (index < 0)
        {
            return WsmanResult.Fault(WsmanFaultKind.InvalidSelectors, id is null ? "the request names no InstanceID" : $"no wireless profile '{id}'");
        }

        call.State.WiFiProfiles.RemoveAt(index);
        return new DeletedResult();
    }
}
