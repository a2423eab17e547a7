using AmtSim.Runtime.Time;

namespace AmtSim.Firmware.Cira;

/// <summary>
/// Knobs of the device's CIRA agent, each with its documented default and an environment variable
/// <c>AMTSIM_CIRA_&lt;KNOB&gt;</c> (<see cref="FromEnvironment"/>); the agent logs the effective values once at start.
/// </summary>
public sealed record CiraOptions
{
    /// <summary>Keep-alive interval until the MPS sends KEEPALIVE_OPTIONS_REQUEST (MeshCentral then asks for 30 s and drops after 90 s idle). [I]</summary>
    public static readonly TimeSpan DefaultKeepAliveInterval = TimeSpan.FromSeconds(30);

    /// <summary>Reconnect interval when the periodic policy's ExtendedData carries none. [I]</summary>
    public static readonly TimeSpan DefaultReconnectInterval = TimeSpan.FromSeconds(60);

    /// <summary>TCP plus TLS handshake limit. [I]</summary>
    public static readonly TimeSpan DefaultHandshakeTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The window the device grants the MPS per channel. [I]</summary>
    public const int DefaultChannelWindow = 32768;

    /// <summary>
    /// Ports the device asks the MPS to forward, in a real device's order (the MPSes' comment: 16993,
    /// 16992, 664, 623, 16995, 16994, 5900; both answer the 5900 forward with KEEPALIVE_OPTIONS_REQUEST).
    /// Channels to 16992 are served by the web server's HTTP loop, to 16993 by its TLS server (the
    /// 16993 listener's handshake and chain rules) and then HTTP; the others are refused with ConnectFailed.
    /// </summary>
    public static readonly IReadOnlyList<int> DefaultForwardedPorts = [16993, 16992, 664, 623, 16995, 16994, 5900];

    public TimeSpan KeepAliveInterval { get; init; } = DefaultKeepAliveInterval;

    public TimeSpan ReconnectInterval { get; init; } = DefaultReconnectInterval;

    public TimeSpan HandshakeTimeout { get; init; } = DefaultHandshakeTimeout;

    public int ChannelWindow { get; init; } = DefaultChannelWindow;

    public IReadOnlyList<int> ForwardedPorts { get; init; } = DefaultForwardedPorts;

    /// <summary>Counts a dial as work in flight until its outcome is audited (virtual-time runs). None by default.</summary>
    public WorkTracker Work { get; init; } = WorkTracker.None;

    public static CiraOptions Default { get; } = new();

    /// <summary>Defaults overridden by AMTSIM_CIRA_KEEPALIVE_SECONDS, AMTSIM_CIRA_RECONNECT_SECONDS, AMTSIM_CIRA_HANDSHAKE_SECONDS.</summary>
    public static CiraOptions FromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        static TimeSpan Seconds(string? text, TimeSpan fallback) => int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0 ? TimeSpan.FromSeconds(s) : fallback;
        return new CiraOptions
        {
            KeepAliveInterval = Seconds(read("AMTSIM_CIRA_KEEPALIVE_SECONDS"), DefaultKeepAliveInterval),
            ReconnectInterval = Seconds(read("AMTSIM_CIRA_RECONNECT_SECONDS"), DefaultReconnectInterval),
            HandshakeTimeout = Seconds(read("AMTSIM_CIRA_HANDSHAKE_SECONDS"), DefaultHandshakeTimeout),
        };
    }

    public override string ToString() => $"keep-alive {KeepAliveInterval.TotalSeconds:0}s, reconnect {ReconnectInterval.TotalSeconds:0}s, handshake {HandshakeTimeout.TotalSeconds:0}s, window {ChannelWindow}, ports [{string.Join(", ", ForwardedPorts)}]";
}
