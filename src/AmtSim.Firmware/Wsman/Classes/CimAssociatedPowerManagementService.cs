using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>
/// CIM_AssociatedPowerManagementService: the host's PowerState and the states it may be asked for
/// (go-wsman-messages cim/associatedpower/managementservice/pull.xml), from <see cref="HostPower"/>.
/// </summary>
public sealed class CimAssociatedPowerManagementService : WsmanClass
{
    public override string ClassName => "CIM_AssociatedPowerManagementService";

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) => [Render(call.State.Power)];

    /// <summary>The association instance (CIM_ServiceAvailableToElement enumerates it too).</summary>
    public static WsmanInstance Render(HostPower power)
    {
        var properties = new List<WsmanProperty>();
        properties.AddRange(power.Available.Select(s => WsmanProperty.Of("AvailableRequestedPowerStates", s)));
        properties.Add(WsmanProperty.Of("PowerState", power.State));
        properties.Add(WsmanProperty.Ref("ServiceProvided", CimPowerManagementService.Reference));
        properties.Add(WsmanProperty.Ref("UserOfService", CimComputerSystem.ManagedSystemReference));
        return new WsmanInstance(WsmanNamespaces.ResourceUriOf("CIM_AssociatedPowerManagementService"), properties);
    }
}
