using AmtSim.Protocol.Errors;

namespace AmtSim.Protocol.Hello;

/// <summary>Why a PKI hello was rejected (amt-reference.md §1.2).</summary>
public enum HelloFormatError
{
    /// <summary>The connection closed before the 25-byte fixed part.</summary>
    TooShort,

    /// <summary>The first uint16 (admin credentials set) is neither 0 nor 1.</summary>
    InvalidAdminFlag,

    /// <summary>The interface version is not 3 (2 is the PSK hello, gone in AMT 11).</summary>
    UnsupportedVersion,

    /// <summary>More than 23 hashes announced.</summary>
    TooManyHashes,

    /// <summary>A hash type code other than 1 (SHA-1), 2 (SHA-256), 3 (SHA-384).</summary>
    UnknownHashType,

    /// <summary>The size byte does not match the hash type (20, 32, 48).</summary>
    HashSizeMismatch,

    /// <summary>The hash count disagrees with the hashes present: the input ended early, or bytes follow the last hash.</summary>
    CountMismatch,
}

/// <summary>A malformed PKI hello: the reason, the byte offset where it was detected and a hex dump.</summary>
public sealed class HelloFormatException : WireFormatException<HelloFormatError>
{
    public HelloFormatException(HelloFormatError reason, long offset, string detail, string hexDump)
        : base($"malformed PKI hello at offset {offset}: {reason}: {detail}", reason, offset, hexDump)
    {
    }
}
