using AmtSim.Runtime.Errors;

namespace AmtSim.Protocol.Wsman;

/// <summary>Why a WS-Man request body was refused.</summary>
public enum WsmanParseError
{
    /// <summary>The body is larger than the configured limit (checked before any XML is read).</summary>
    TooLarge,

    /// <summary>The body carries a DTD (a DOCTYPE): XXE and entity-expansion ("billion laughs") attempts end here, unexpanded.</summary>
    DtdProhibited,

    /// <summary>The document exceeds the character, element-count or depth limits.</summary>
    LimitExceeded,

    /// <summary>Not well-formed XML.</summary>
    Malformed,

    /// <summary>Well-formed XML but not a SOAP 1.2 envelope with a Header and a Body.</summary>
    NotSoapEnvelope,

    /// <summary>A required WS-Addressing/WS-Management header is missing or empty.</summary>
    MissingHeader,

    /// <summary>A header or body value cannot be understood (e.g. MaxElements not a number).</summary>
    InvalidValue,
}

/// <summary>
/// A WS-Man body that cannot be accepted. The message says what was wrong and where
/// (line and position, or the element path); the device answers it with a SOAP fault.
/// </summary>
public sealed class WsmanParseException : InvalidInputException
{
    public WsmanParseException(WsmanParseError error, string message, int line = 0, int position = 0, Exception? inner = null)
        : base(Format(error, message, line, position), inner ?? new InvalidOperationException(message))
    {
        Error = error;
        Line = line;
        Position = position;
    }

    public WsmanParseException()
        : this(WsmanParseError.Malformed, "malformed WS-Man request")
    {
    }

    public WsmanParseException(string message)
        : this(WsmanParseError.Malformed, message)
    {
    }

    public WsmanParseException(string message, Exception innerException)
        : this(WsmanParseError.Malformed, message, 0, 0, innerException)
    {
    }

    public WsmanParseError Error { get; }

    /// <summary>1-based line of the offending XML, 0 when not known.</summary>
    public int Line { get; }

    /// <summary>1-based position in that line, 0 when not known.</summary>
    public int Position { get; }

    private static string Format(WsmanParseError error, string message, int line, int position)
        => line > 0 ? $"WS-Man request rejected ({error}) at line {line}, position {position}: {message}" : $"WS-Man request rejected ({error}): {message}";
}
