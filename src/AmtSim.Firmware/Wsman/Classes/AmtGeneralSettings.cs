using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>AMT_GeneralSettings: pre-provisioning values of an AMT 11.8 device (amt-reference.md §5); Put updates HostName/DomainName and the rest.</summary>
public sealed class AmtGeneralSettings : WsmanClass
{
    public const string InstanceId = "Intel(r) AMT: General Settings";

    public override string ClassName => "AMT_GeneralSettings";

    public override IReadOnlyCollection<WsmanOperation> Operations => [WsmanOperation.Put];

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) => [Instance(Current(call))];

    public override WsmanResult Put(WsmanCall call)
    {
        var merged = Merge(Current(call), call.Input!);
        call.State.GeneralSettings = merged;
        return new InstanceResult(Instance(merged));
    }

    private static List<WsmanProperty> Current(WsmanCall call) => call.State.GeneralSettings ??
    [
        WsmanProperty.Of("AMTNetworkEnabled", 1),
        WsmanProperty.Of("DDNSPeriodicUpdateInterval", 1440),
        WsmanProperty.Of("DDNSTTL", 900),
        WsmanProperty.Of("DDNSUpdateByDHCPServerEnabled", true),
        WsmanProperty.Of("DDNSUpdateEnabled", false),
        WsmanProperty.Of("DHCPv6ConfigurationTimeout", 0),
        WsmanProperty.Of("DigestRealm", call.Device.DigestRealm),
        WsmanProperty.Of("DomainName", ""),
        WsmanProperty.Of("ElementName", "Intel(r) AMT: General Settings"),
        WsmanProperty.Of("HostName", ""),
        WsmanProperty.Of("HostOSFQDN", ""),
        WsmanProperty.Of("IdleWakeTimeout", 65535),
        WsmanProperty.Of("InstanceID", InstanceId),
        WsmanProperty.Of("NetworkInterfaceEnabled", true),
        WsmanProperty.Of("PingResponseEnabled", true),
        WsmanProperty.Of("PowerSource", 0),
        WsmanProperty.Of("PreferredAddressFamily", 0),
        WsmanProperty.Of("PresenceNotificationInterval", 0),
        WsmanProperty.Of("PrivacyLevel", 0),
        WsmanProperty.Of("RmcpPingResponseEnabled", true),
        WsmanProperty.Of("SharedFQDN", true),
        WsmanProperty.Of("ThunderboltDockEnabled", 0),
        WsmanProperty.Of("WsmanOnlyMode", false),
    ];
}
