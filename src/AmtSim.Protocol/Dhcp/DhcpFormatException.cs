using AmtSim.Protocol.Errors;

namespace AmtSim.Protocol.Dhcp;

/// <summary>Why a DHCP message was rejected.</summary>
public enum DhcpFormatError
{
    /// <summary>The datagram ended inside the fixed header or an option, or without the end option.</summary>
    Truncated,

    /// <summary>The four bytes after the fixed header are not 99.130.83.99.</summary>
    BadMagicCookie,

    /// <summary>The hardware address length is over 16.</summary>
    BadHardwareLength,

    /// <summary>An option whose data does not fit its type (a 3-byte address, an empty message type).</summary>
    BadOptionData,
}

/// <summary>A malformed DHCP message: reason, offset and a hex dump.</summary>
public sealed class DhcpFormatException : WireFormatException<DhcpFormatError>
{
    public DhcpFormatException(DhcpFormatError reason, long offset, string detail, string hexDump)
        : base($"malformed DHCP message at offset {offset}: {reason}: {detail}", reason, offset, hexDump)
    {
    }
}
