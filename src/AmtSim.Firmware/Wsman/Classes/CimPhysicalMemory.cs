using System.Globalization;
using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>CIM_PhysicalMemory: one instance per module (go-wsman-messages cim/physical/memory/pull.xml); the second module's Tag gets "(#1)" as on real devices.</summary>
public sealed class CimPhysicalMemory : WsmanClass
{
    public override string ClassName => "CIM_PhysicalMemory";

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call)
        => [.. call.State.Hardware.Memory.Select((m, i) => Instance(
            WsmanProperty.Of("BankLabel", m.BankLabel),
            WsmanProperty.Of("Capacity", m.Capacity),
            WsmanProperty.Of("ConfiguredMemoryClockSpeed", m.Speed),
            WsmanProperty.Of("CreationClassName", ClassName),
            WsmanProperty.Of("ElementName", "Managed System Memory Chip"),
            WsmanProperty.Of("FormFactor", 13),
            WsmanProperty.Of("IsSpeedInMhz", true),
            WsmanProperty.Of("Manufacturer", m.Manufacturer),
            WsmanProperty.Of("MaxMemorySpeed", m.Speed),
            WsmanProperty.Of("MemoryType", 26),
            WsmanProperty.Of("PartNumber", m.PartNumber),
            WsmanProperty.Of("SerialNumber", m.SerialNumber),
            WsmanProperty.Of("Speed", 0),
            WsmanProperty.Of("Tag", i == 0 ? "9876543210" : string.Create(CultureInfo.InvariantCulture, $"9876543210 (#{i})"))))];
}
