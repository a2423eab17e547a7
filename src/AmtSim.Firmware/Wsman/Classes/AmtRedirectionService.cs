using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>
/// AMT_RedirectionService: SOL and IDER. EnabledState 32768 none, 32769 IDER, 32770 SOL, 32771 both;
/// RequestStateChange sets it (5 Invalid Parameter for any other value); Put writes ListenerEnabled.
/// </summary>
public sealed class AmtRedirectionService : WsmanClass
{
    public const string ServiceName = "Intel(r) AMT Redirection Service";

    /// <summary>CIM RequestStateChange: 5 Invalid Parameter.</summary>
    public const uint InvalidParameter = 5;

    public override string ClassName => "AMT_RedirectionService";

    public override IReadOnlyCollection<string> Methods => ["RequestStateChange"];

    public override IReadOnlyCollection<WsmanOperation> Operations => [WsmanOperation.Put];

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call)
    {
        var redirection = call.State.Redirection;
        return
        [
            Instance(
                WsmanProperty.Of("CreationClassName", ClassName),
                WsmanProperty.Of("ElementName", ServiceName),
                WsmanProperty.Of("EnabledState", redirection.RedirectionEnabledState),
                WsmanProperty.Of("ListenerEnabled", redirection.ListenerEnabled),
                WsmanProperty.Of("Name", ServiceName),
                WsmanProperty.Of("SystemCreationClassName", "CIM_ComputerSystem"),
                WsmanProperty.Of("SystemName", "Intel(r) AMT")),
        ];
    }

    public override WsmanResult Put(WsmanCall call)
    {
        var listener = call.Bool("ListenerEnabled");
        if (call.Text("ListenerEnabled") is not null && listener is null)
        {
            return WsmanResult.Fault(WsmanFaultKind.InvalidParameter, "ListenerEnabled is not a boolean: " + call.Text("ListenerEnabled"));
        }

        if (call.Text("EnabledState") is { } stateText)
        {
            if (!call.TryUInt("EnabledState", out var state) || state is < 32768 or > 32771)
            {
                return WsmanResult.Fault(WsmanFaultKind.InvalidParameter, "EnabledState must be 32768-32771: " + stateText);
            }

            call.State.Redirection.RedirectionEnabledState = state;
        }

        if (listener is { } enabled)
        {
            call.State.Redirection.ListenerEnabled = enabled;
        }

        return new InstanceResult(Instances(call)[0]);
    }

    public override WsmanResult Invoke(string method, WsmanCall call)
    {
        if (!call.TryUInt("RequestedState", out var requested) || requested is < 32768 or > 32771)
        {
            return WsmanResult.Output(InvalidParameter, "RequestedState " + (call.Text("RequestedState") ?? "(missing)"));
        }

        call.State.Redirection.RedirectionEnabledState = requested;
        return WsmanResult.Output(0);
    }
}
