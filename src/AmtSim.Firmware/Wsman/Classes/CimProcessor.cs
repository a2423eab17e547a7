using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>CIM_Processor: one CPU (go-wsman-messages cim/physical/processor/pull.xml).</summary>
public sealed class CimProcessor : WsmanClass
{
    public override string ClassName => "CIM_Processor";

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call)
    {
        var hw = call.State.Hardware;
        return
        [
            Instance(
                WsmanProperty.Of("CPUStatus", 1),
                WsmanProperty.Of("CreationClassName", ClassName),
                WsmanProperty.Of("CurrentClockSpeed", hw.ProcessorCurrentClockMhz),
                WsmanProperty.Of("DeviceID", "CPU 0"),
                WsmanProperty.Of("ElementName", "Managed System CPU"),
                WsmanProperty.Of("EnabledState", 2),
                WsmanProperty.Of("ExternalBusClockSpeed", 100),
                WsmanProperty.Of("Family", 198),
                WsmanProperty.Of("HealthState", 0),
                WsmanProperty.Of("MaxClockSpeed", hw.ProcessorMaxClockMhz),
                WsmanProperty.Of("OperationalStatus", 0),
                WsmanProperty.Of("OtherFamilyDescription", ""),
                WsmanProperty.Of("RequestedState", 12),
                WsmanProperty.Of("Role", "Central"),
                WsmanProperty.Of("Stepping", 13),
                WsmanProperty.Of("SystemCreationClassName", "CIM_ComputerSystem"),
                WsmanProperty.Of("SystemName", CimComputerSystem.ManagedSystem),
                WsmanProperty.Of("UpgradeMethod", 52)),
        ];
    }
}
