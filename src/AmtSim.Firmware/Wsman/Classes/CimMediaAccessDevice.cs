using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>CIM_MediaAccessDevice: one disk (go-wsman-messages cim/mediaaccess/pull.xml; MaxMediaSize in KB).</summary>
public sealed class CimMediaAccessDevice : WsmanClass
{
    public override string ClassName => "CIM_MediaAccessDevice";

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) =>
    [
        Instance(
            WsmanProperty.Of("Capabilities", 4),
            WsmanProperty.Of("CreationClassName", ClassName),
            WsmanProperty.Of("DeviceID", "MEDIA DEV 0"),
            WsmanProperty.Of("ElementName", "Managed System Media Access Device"),
            WsmanProperty.Of("EnabledDefault", 2),
            WsmanProperty.Of("EnabledState", 0),
            WsmanProperty.Of("MaxMediaSize", 500107862),
            WsmanProperty.Of("OperationalStatus", 0),
            WsmanProperty.Of("RequestedState", 12),
            WsmanProperty.Of("Security", 2),
            WsmanProperty.Of("SystemCreationClassName", "CIM_ComputerSystem"),
            WsmanProperty.Of("SystemName", CimComputerSystem.ManagedSystem)),
    ];
}
