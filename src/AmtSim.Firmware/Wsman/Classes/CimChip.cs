using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>CIM_Chip: the processor chip with its brand string (go-wsman-messages cim/chip/get.xml).</summary>
public sealed class CimChip : WsmanClass
{
    public override string ClassName => "CIM_Chip";

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) =>
    [
        Instance(
            WsmanProperty.Of("CanBeFRUed", true),
            WsmanProperty.Of("CreationClassName", ClassName),
            WsmanProperty.Of("ElementName", "Managed System Processor Chip"),
            WsmanProperty.Of("Manufacturer", "Intel(R) Corporation"),
            WsmanProperty.Of("OperationalStatus", 0),
            WsmanProperty.Of("Tag", "CPU 0"),
            WsmanProperty.Of("Version", call.State.Hardware.ProcessorVersion)),
    ];
}
