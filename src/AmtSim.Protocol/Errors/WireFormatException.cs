using AmtSim.Runtime.Errors;
namespace AmtSim.Protocol.Errors;

/// <summary>
/// Base of the parsers' "malformed input" exceptions (hello, DHCP, DNS, HTTP): one exception type
/// per format carrying a reason enum, the byte offset where the parser gave up and a hex dump of
/// the bytes around it (the message says what and where, in one line).
/// </summary>
public abstract class WireFormatException<TReason>(string message, TReason reason, long offset, string hexDump) : InvalidInputException(message)
    where TReason : struct, Enum
{
    public TReason Reason { get; } = reason;

    public long Offset { get; } = offset;

    public string HexDump { get; } = hexDump;
}
