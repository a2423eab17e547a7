using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>CIM_Chassis: the machine's chassis (go-wsman-messages cim/chassis/get.xml), model and serial from <see cref="HardwareInventory"/>.</summary>
public sealed class CimChassis : WsmanClass
{
    public override string ClassName => "CIM_Chassis";

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call)
    {
        var hw = call.State.Hardware;
        return
        [
            Instance(
                WsmanProperty.Of("ChassisPackageType", 0),
                WsmanProperty.Of("CreationClassName", ClassName),
                WsmanProperty.Of("ElementName", "Managed System Chassis"),
                WsmanProperty.Of("Manufacturer", hw.Manufacturer),
                WsmanProperty.Of("Model", hw.ChassisModel),
                WsmanProperty.Of("OperationalStatus", 0),
                WsmanProperty.Of("PackageType", 3),
                WsmanProperty.Of("SerialNumber", hw.ChassisSerial),
                WsmanProperty.Of("Tag", ClassName),
                WsmanProperty.Of("Version", hw.ChassisVersion)),
        ];
    }
}
