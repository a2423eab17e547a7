using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>IPS_PowerManagementService: OSPowerSavingState 2 (full power) while the host is on, 3 (power saving) otherwise [I] (go-wsman-messages ips/power/managementservice/get.xml).</summary>
public sealed class IpsPowerManagementService : WsmanClass
{
    public override string ClassName => "IPS_PowerManagementService";

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) =>
    [
        Instance(
            WsmanProperty.Of("CreationClassName", ClassName),
            WsmanProperty.Of("ElementName", CimPowerManagementService.ServiceName),
            WsmanProperty.Of("EnabledState", 5),
            WsmanProperty.Of("Name", CimPowerManagementService.ServiceName),
            WsmanProperty.Of("RequestedState", 12),
            WsmanProperty.Of("SystemCreationClassName", "CIM_ComputerSystem"),
            WsmanProperty.Of("SystemName", "Intel(r) AMT"),
            WsmanProperty.Of("OSPowerSavingState", call.State.Power.State == HostPower.On ? 2 : 3)),
    ];
}
