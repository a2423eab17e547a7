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

    public static HttpLimits Default { get; } = new();

    public int MaxHeaderBytes { get; init; } = DefaultMaxHeaderBytes;

    public int MaxHeaderCount { get; init; } = DefaultMaxHeaderCount;

    public int MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;
}
