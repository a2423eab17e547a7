using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>
/// IPS_IEEE8021xSettings: the wired port's 802.1X profile; factory values of a real AMT 16 (Enabled 3,
/// disabled). Put stores and echoes what was written (RPS disables an enabled profile in its clean-up).
/// </summary>
public sealed class IpsIeee8021xSettings : WsmanClass
{
    public const string InstanceId = "Intel(r) AMT: 8021X Settings";

    public override string ClassName => "IPS_IEEE8021xSettings";

    public override IReadOnlyCollection<WsmanOperation> Operations => [WsmanOperation.Put];

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) => [Instance(Current(call))];

    public override WsmanResult Put(WsmanCall call)
    {
        var id = call.Request.Selector("InstanceID");
        if (id is not null && id != InstanceId)
        {
            return WsmanResult.Fault(WsmanFaultKind.InvalidSelectors, $"no 802.1X settings '{id}'");
        }

        var merged = Merge(Current(call), call.Input!);
        call.State.Ieee8021xSettings = merged;
        return new InstanceResult(Instance(merged));
    }

    private static List<WsmanProperty> Current(WsmanCall call) => call.State.Ieee8021xSettings ??
    [
        WsmanProperty.Of("AvailableInS0", false),
        WsmanProperty.Of("ElementName", InstanceId),
        WsmanProperty.Of("Enabled", 3),
        WsmanProperty.Of("InstanceID", InstanceId),
        WsmanProperty.Of("PxeTimeout", 120),
    ];
}
