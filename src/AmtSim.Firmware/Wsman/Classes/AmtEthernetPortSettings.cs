using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>
/// AMT_EthernetPortSettings: the wired port (instance 0) and the wireless one (instance 1, "Settings 1", as real
/// laptops report it: link down, no MAC until a profile connects; go-wsman-messages amt/ethernetport/pull.xml).
/// Put on either stores and echoes what was written.
/// </summary>
public sealed class AmtEthernetPortSettings : WsmanClass
{
    public const string WiredInstanceId = "Intel(r) AMT Ethernet Port Settings 0";

    public const string WirelessInstanceId = "Intel(r) AMT Ethernet Port Settings 1";

    public override string ClassName => "AMT_EthernetPortSettings";

    public override IReadOnlyCollection<WsmanOperation> Operations => [WsmanOperation.Put];

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) => [Instance(Current(call)), Instance(Wireless(call))];

    public override WsmanResult Put(WsmanCall call)
    {
        var id = call.Request.Selector("InstanceID");
        if (id == WirelessInstanceId)
        {
            var wireless = Merge(Wireless(call), call.Input!);
            call.State.WirelessPortSettings = wireless;
            return new InstanceResult(Instance(wireless));
        }

        if (id is not null && id != WiredInstanceId)
        {
            return WsmanResult.Fault(WsmanFaultKind.InvalidSelectors, $"no ethernet port '{id}'");
        }

        var merged = Merge(Current(call), call.Input!);
        call.State.EthernetPortSettings = merged;
        return new InstanceResult(Instance(merged));
    }

    private static List<WsmanProperty> Current(WsmanCall call) => call.State.EthernetPortSettings ??
    [
        WsmanProperty.Of("DHCPEnabled", true),
        WsmanProperty.Of("DefaultGateway", ""),
        WsmanProperty.Of("ElementName", "Intel(r) AMT Ethernet Port Settings"),
        WsmanProperty.Of("IPAddress", call.Device.Network.Address.ToString()),
        WsmanProperty.Of("InstanceID", WiredInstanceId),
        WsmanProperty.Of("IpSyncEnabled", true),
        WsmanProperty.Of("LinkIsUp", true),
        WsmanProperty.Of("LinkPolicy", 1),
        WsmanProperty.Of("LinkPolicy", 14),
        WsmanProperty.Of("LinkPolicy", 16),
        WsmanProperty.Of("MACAddress", call.Device.Identity.Mac.Replace(':', '-')),
        WsmanProperty.Of("PhysicalConnectionType", 0),
        WsmanProperty.Of("PrimaryDNS", ""),
        WsmanProperty.Of("SharedDynamicIP", true),
        WsmanProperty.Of("SharedMAC", true),
        WsmanProperty.Of("SharedStaticIp", false),
        WsmanProperty.Of("SubnetMask", "255.0.0.0"),
    ];

    private static List<WsmanProperty> Wireless(WsmanCall call) => call.State.WirelessPortSettings ??
    [
        WsmanProperty.Of("ConsoleTcpMaxRetransmissions", 5),
        WsmanProperty.Of("DHCPEnabled", true),
        WsmanProperty.Of("ElementName", "Intel(r) AMT Ethernet Port Settings"),
        WsmanProperty.Of("InstanceID", WirelessInstanceId),
        WsmanProperty.Of("LinkControl", 2),
        WsmanProperty.Of("LinkIsUp", false),
        WsmanProperty.Of("LinkPreference", 2),
        WsmanProperty.Of("MACAddress", "00-00-00-00-00-00"),
        WsmanProperty.Of("PhysicalConnectionType", 3),
        WsmanProperty.Of("SharedMAC", true),
        WsmanProperty.Of("WLANLinkProtectionLevel", 1),
    ];
}
