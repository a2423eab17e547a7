using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>CIM_PhysicalPackage: enumerated as its subclass CIM_Card, the base board (go-wsman-messages cim/physical/package/pull.xml).</summary>
public sealed class CimPhysicalPackage : WsmanClass
{
    public override string ClassName => "CIM_PhysicalPackage";

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) => [CimCard.Render(call.State.Hardware)];
}
