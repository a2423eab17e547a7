using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>CIM_BIOSElement: the primary BIOS with its release date as a CIM datetime (go-wsman-messages cim/bios/element/get.xml).</summary>
public sealed class CimBiosElement : WsmanClass
{
    public override string ClassName => "CIM_BIOSElement";

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call)
    {
        var hw = call.State.Hardware;
        return
        [
            Instance(
                WsmanProperty.Of("ElementName", "Primary BIOS"),
                WsmanProperty.Of("Manufacturer", "Intel Corp."),
                WsmanProperty.Of("Name", "Primary BIOS"),
                WsmanProperty.Of("OperationalStatus", 0),
                WsmanProperty.Of("PrimaryBIOS", true),
                WsmanProperty.Datetime("ReleaseDate", hw.BiosReleaseDate),
                WsmanProperty.Of("SoftwareElementID", hw.BiosVersion),
                WsmanProperty.Of("SoftwareElementState", 2),
                WsmanProperty.Of("TargetOperatingSystem", 66),
                WsmanProperty.Of("Version", hw.BiosVersion)),
        ];
    }
}
