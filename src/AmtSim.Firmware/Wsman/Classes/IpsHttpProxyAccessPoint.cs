using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>IPS_HTTPProxyAccessPoint: the HTTP proxies CIRA may use (<see cref="WsmanDeviceState.HttpProxyAccessPoints"/>; none on a factory device); Delete by Name.</summary>
public sealed class IpsHttpProxyAccessPoint : WsmanClass
{
    public override string ClassName => "IPS_HTTPProxyAccessPoint";

    public override IReadOnlyCollection<WsmanOperation> Operations => [WsmanOperation.Delete];

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) => [.. call.State.HttpProxyAccessPoints.Select(Instance)];

    public override WsmanResult Delete(WsmanCall call)
    {
        var name = call.Request.Selector("Name");
        var index = call.State.HttpProxyAccessPoints.FindIndex(p => p.FirstOrDefault(x => x.Name == "Name")?.Value == name);
        if (index < 0)
        {
            return WsmanResult.Fault(WsmanFaultKind.InvalidSelectors, name is null ? "the request names no Name" : $"no HTTP proxy access point '{name}'");
        }

        call.State.HttpProxyAccessPoints.RemoveAt(index);
        return new DeletedResult();
    }
}
