using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>CIM_Card: the base board (go-wsman-messages cim/card/get.xml).</summary>
public sealed class CimCard : WsmanClass
{
    public override string ClassName => "CIM_Card";

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) => [Render(call.State.Hardware)];

    public static WsmanInstance Render(HardwareInventory hw) => new(WsmanNamespaces.ResourceUriOf("CIM_Card"),
    [
        WsmanProperty.Of("CanBeFRUed", true),
        WsmanProperty.Of("CreationClassName", "CIM_Card"),
        WsmanProperty.Of("ElementName", "Managed System Base Board"),
        WsmanProperty.Of("Manufacturer", hw.BoardManufacturer),
        WsmanProperty.Of("Model", hw.BoardModel),
        WsmanProperty.Of("OperationalStatus", 0),
        WsmanProperty.Of("PackageType", 9),
        WsmanProperty.Of("SerialNumber", hw.BoardSerial),
        WsmanProperty.Of("Tag", "CIM_Card"),
        WsmanProperty.Of("Version", hw.BoardVersion),
    ]);
}
