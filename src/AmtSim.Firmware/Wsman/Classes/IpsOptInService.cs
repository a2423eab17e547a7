using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>
/// IPS_OptInService: user consent. OptInRequired 0 none, 1 KVM, 4294967295 all redirection; Put writes
/// OptInRequired and the timeouts and echoes the instance.
/// </summary>
public sealed class IpsOptInService : WsmanClass
{
    public const string ServiceName = "Intel(r) AMT OptIn Service";

    public override string ClassName => "IPS_OptInService";

    public override IReadOnlyCollection<WsmanOperation> Operations => [WsmanOperation.Put];

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call)
    {
        var redirection = call.State.Redirection;
        return
        [
            Instance(
                WsmanProperty.Of("CanModifyOptInPolicy", 1),
                WsmanProperty.Of("CreationClassName", ClassName),
                WsmanProperty.Of("ElementName", ServiceName),
                WsmanProperty.Of("Name", ServiceName),
                WsmanProperty.Of("OptInCodeTimeout", redirection.OptInCodeTimeout),
                WsmanProperty.Of("OptInDisplayTimeout", redirection.OptInDisplayTimeout),
                WsmanProperty.Of("OptInRequired", redirection.OptInRequired),
                WsmanProperty.Of("OptInState", 0),
                WsmanProperty.Of("SystemCreationClassName", "CIM_ComputerSystem"),
                WsmanProperty.Of("SystemName", "Intel(r) AMT")),
        ];
    }

    public override WsmanResult Put(WsmanCall call)
    {
        var redirection = call.State.Redirection;
        if (call.Text("OptInRequired") is { } required)
        {
            if (!call.TryUInt("OptInRequired", out var value) || value is not (RedirectionState.OptInNone or RedirectionState.OptInKvm or RedirectionState.OptInAll))
            {
                return WsmanResult.Fault(WsmanFaultKind.InvalidParameter, "OptInRequired must be 0, 1 or 4294967295: " + required);
            }

            redirection.OptInRequired = value;
        }

        foreach (var name in new[] { "OptInCodeTimeout", "OptInDisplayTimeout" })
        {
            if (call.Text(name) is { } text)
            {
                if (!call.TryUInt(name, out var seconds))
                {
                    return WsmanResult.Fault(WsmanFaultKind.InvalidParameter, $"{name} is not a number: {text}");
                }

                if (name == "OptInCodeTimeout")
                {
                    redirection.OptInCodeTimeout = seconds;
                }
                else
                {
                    redirection.OptInDisplayTimeout = seconds;
                }
            }
        }

        return new InstanceResult(Instances(call)[0]);
    }
}
