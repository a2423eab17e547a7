namespace AmtSim.Protocol.Http;

/// <summary>Size limits the parser enforces (knobs; defaults documented on each constant).</summary>
public sealed record HttpLimits
{
    /// <summary>Default limit on the start line plus all header lines: 16 KiB.</summary>
    public const int DefaultMaxHeaderBytes = 16 * 1024;

    /// <summary>Default limit on the number of header fields: 64.</summary>
    public const int DefaultMaxHeaderCount = 64;

    /// <summary>Default limit on a request body (after de-chunking): 1 MiB; WS-Man bodies with certificate chains stay far below.</summary>
    public const int DefaultMaxBodyBytes = 1024 * 1024;

    /// <summary>
    /// Default limit on a chunked body's framing (size lines, extensions, CRLFs): 64 KiB, a thousand
    /// times what a client sending 16 KiB chunks needs. With <see cref="MaxBodyBytes"/> it bounds the
    /// wire size of a chunked body, which one-byte chunks or long extensions otherwise inflate (issue 17).
    /// </summary>
    public const int DefaultMaxChunkFramingBytes = 64 * 1024;

    public static HttpLimits Default { get; } = new();

    public int MaxHeaderBytes { get; init; } = DefaultMaxHeaderBytes;

    public int MaxHeaderCount { get; init; } = DefaultMaxHeaderCount;

    public int MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    public int MaxChunkFramingBytes { get; init; } = DefaultMaxChunkFramingBytes;
}
