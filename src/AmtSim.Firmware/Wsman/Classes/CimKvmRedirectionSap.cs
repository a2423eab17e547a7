using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>
/// CIM_KVMRedirectionSAP: KVM. RequestStateChange 2 enables, 3 disables (5 Invalid Parameter otherwise);
/// an enabled KVM without a session reports EnabledState 6 (Enabled but Offline), as real AMT does.
/// </summary>
public sealed class CimKvmRedirectionSap : WsmanClass
{
    public const string SapName = "KVM Redirection Service Access Point";

    public override string ClassName => "CIM_KVMRedirectionSAP";

    public override IReadOnlyCollection<string> Methods => ["RequestStateChange"];

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call)
    {
        var requested = call.State.Redirection.KvmRequestedState;
        var enabled = requested == RedirectionState.KvmEnabled ? RedirectionState.KvmEnabledButOffline : RedirectionState.KvmDisabled;
        return
        [
            Instance(
                WsmanProperty.Of("CreationClassName", ClassName),
                WsmanProperty.Of("ElementName", SapName),
                WsmanProperty.Of("EnabledState", enabled),
                WsmanProperty.Of("KVMProtocol", 4),
                WsmanProperty.Of("Name", SapName),
                WsmanProperty.Of("RequestedState", requested),
                WsmanProperty.Of("SystemCreationClassName", "CIM_ComputerSystem"),
                WsmanProperty.Of("SystemName", "ManagedSystem")),
        ];
    }

    public override WsmanResult Invoke(string method, WsmanCall call)
    {
        if (!call.TryUInt("RequestedState", out var requested) || requested is not (RedirectionState.KvmEnabled or RedirectionState.KvmDisabled))
        {
            return WsmanResult.Output(AmtRedirectionService.InvalidParameter, "RequestedState " + (call.Text("RequestedState") ?? "(missing)"));
        }

        call.State.Redirection.KvmRequestedState = requested;
        return WsmanResult.Output(0);
    }
}
