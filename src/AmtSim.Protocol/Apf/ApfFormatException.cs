using AmtSim.Protocol.Errors;

namespace AmtSim.Protocol.Apf;

/// <summary>Why an APF message was rejected.</summary>
public enum ApfFormatError
{
    /// <summary>The first byte is no APF message number this codec knows.</summary>
    UnknownMessageType,

    /// <summary>A name (service, user, method, password, request, address, channel type) is longer than <see cref="ApfLimits.MaxNameLength"/>.</summary>
    NameTooLong,

    /// <summary>CHANNEL_DATA announces more bytes than <see cref="ApfLimits.MaxChannelData"/>.</summary>
    DataTooLong,

    /// <summary>A GLOBAL_REQUEST other than tcpip-forward / cancel-tcpip-forward (its body has no known layout).</summary>
    UnsupportedGlobalRequest,
}

/// <summary>A malformed APF message: the reason, the offset from the message's first byte and a hex dump of the message.</summary>
public sealed class ApfFormatException : WireFormatException<ApfFormatError>
{
    public ApfFormatException(ApfFormatError reason, ApfMessageType? type, long offset, string detail, string hexDump)
        : base($"malformed APF message{(type is { } t ? " " + t : "")} at offset {offset}: {reason}: {detail}", reason, offset, hexDump)
    {
        MessageType = type;
    }

    /// <summary>The message's type, when its first byte was a known one.</summary>
    public ApfMessageType? MessageType { get; }
}

/// <summary>Caps that keep a hostile peer from making a reader buffer without bound.</summary>
public sealed record ApfLimits
{
    /// <summary>Longest name string; both MPS implementations refuse more than 2048.</summary>
    public const int DefaultMaxNameLength = 2048;

    /// <summary>Largest CHANNEL_DATA payload (MeshCentral's cap is 1 MiB).</summary>
    public const int DefaultMaxChannelData = 1 << 20;

    public static ApfLimits Default { get; } = new();

    public int MaxNameLength { get; init; } = DefaultMaxNameLength;

    public int MaxChannelData { get; init; } = DefaultMaxChannelData;
}

/// <summary>What the reader needs besides the bytes.</summary>
public readonly record struct ApfReadOptions(ApfLimits Limits, bool RequestSuccessCarriesPort)
{
    /// <summary>The device's reading: it only sends tcpip-forward, so every REQUEST_SUCCESS carries a port.</summary>
    public static ApfReadOptions Device => new(ApfLimits.Default, RequestSuccessCarriesPort: true);

    /// <summary>The MPS's reading (it never receives REQUEST_SUCCESS).</summary>
    public static ApfReadOptions Server => new(ApfLimits.Default, RequestSuccessCarriesPort: false);
}
