using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>CIM_ServiceAvailableToElement: enumerated as its subclass CIM_AssociatedPowerManagementService (go-wsman-messages cim/service/availabletoelement/pull.xml); MeshCentral polls the power state here.</summary>
public sealed class CimServiceAvailableToElement : WsmanClass
{
    public override string ClassName => "CIM_ServiceAvailableToElement";

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) => [CimAssociatedPowerManagementService.Render(call.State.Power)];
}
