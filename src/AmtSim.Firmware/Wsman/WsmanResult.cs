using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman;

/// <summary>What a class did with one call; <see cref="WsmanService"/> turns it into reply bytes.</summary>
public abstract record WsmanResult
{
    public static WsmanResult Fault(WsmanFaultKind kind, string detail = "") => new FaultResult(new WsmanFault(kind, detail));

    /// <summary>A method's output: ReturnValue (written last) and the other output properties in order.</summary>
    public static WsmanResult Output(uint returnValue, params WsmanProperty[] properties) => new OutputResult(returnValue, properties, "");

    /// <summary>A method's output with a note for the audit trail (why the return value is what it is).</summary>
    public static WsmanResult Output(uint returnValue, string note, params WsmanProperty[] properties) => new OutputResult(returnValue, properties, note);
}

public sealed record InstanceResult(WsmanInstance Instance) : WsmanResult;

public sealed record OutputResult(uint ReturnValue, IReadOnlyList<WsmanProperty> Properties, string Note) : WsmanResult;

public sealed record CreatedResult(EndpointReference Created) : WsmanResult;

public sealed record DeletedResult : WsmanResult;

public sealed record FaultResult(WsmanFault Error) : WsmanResult;
