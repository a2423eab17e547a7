using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>
/// IPS_OptInService: user consent. OptInRequired 0 none, 1 KVM, 4294967295 all redirection; Put writes
/// OptInRequired and the timeouts and echoes the instance. StartOptIn puts a code on the host's screen
/// (<see cref="OptInSession"/>, OptInState 2), SendOptInCode with it grants consent (OptInState 3), CancelOptIn
/// ends the session. Return values [I]: 2 invalid state (start while a session is open, a code without one),
/// 2066 for a wrong code; the third wrong code ends the session.
/// </summary>
public sealed class IpsOptInService : WsmanClass
{
    public const string ServiceName = "Intel(r) AMT OptIn Service";

    public override string ClassName => "IPS_OptInService";

    public const uint InvalidState = 2;

    public const uint InvalidCode = 2066;

    public const int MaxAttempts = 3;

    public override IReadOnlyCollection<WsmanOperation> Operations => [WsmanOperation.Put];

    public override IReadOnlyCollection<string> Methods => ["StartOptIn", "SendOptInCode", "CancelOptIn"];

    public override WsmanResult Invoke(string method, WsmanCall call)
    {
        var session = call.State.OptIn;
        switch (method)
        {
            case "StartOptIn":
                if (session.State != OptInSession.NotStarted)
                {
                    return WsmanResult.Output(InvalidState, "a consent session is open (OptInState " + session.State + ")");
                }

                session.Start(call.State.Seed);
                return WsmanResult.Output(0, "code displayed");
            case "SendOptInCode":
                if (session.State != OptInSession.Displayed)
                {
                    return WsmanResult.Output(InvalidState, "no code is displayed (OptInState " + session.State + ")");
                }

                if (session.TrySend(call.Text("OptInCode") ?? ""))
                {
                    return WsmanResult.Output(0, "consent granted");
                }

                if (session.FailedAttempts >= MaxAttempts)
                {
                    session.Cancel();
                    return WsmanResult.Output(InvalidCode, "wrong code, third attempt: session ended");
                }

                return WsmanResult.Output(InvalidCode, "wrong code");
            default:
                session.Cancel();
                return WsmanResult.Output(0);
        }
    }

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
                WsmanProperty.Of("OptInState", call.State.OptIn.State),
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
