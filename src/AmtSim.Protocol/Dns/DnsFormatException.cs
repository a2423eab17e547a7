using AmtSim.Protocol.Errors;

namespace AmtSim.Protocol.Dns;

/// <summary>Why a DNS message was rejected.</summary>
public enum DnsFormatError
{
    /// <summary>The datagram ended inside the header, a question, a name or a record.</summary>
    Truncated,

    /// <summary>A label length byte with the reserved 01/10 top bits.</summary>
    BadLabel,

    /// <summary>A compression pointer that does not point backwards (a loop).</summary>
    BadPointer,

    /// <summary>A name longer than 255 bytes.</summary>
    NameTooLong,

    /// <summary>An A record whose data is not 4 bytes.</summary>
    BadRecordData,
}

/// <summary>A malformed DNS message: reason, offset and a hex dump of the message.</summary>
public sealed class DnsFormatException : WireFormatException<DnsFormatError>
{
    public DnsFormatException(DnsFormatError reason, long offset, string detail, ReadOnlySpan<byte> message)
        : base($"malformed DNS message at offset {offset}: {reason}: {detail}", reason, offset, ByteDump.Format(message))
    {
    }
}
