using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Runtime.Time;
using AmtSim.Firmware.Validation;
using AmtSim.Runtime.Errors;
using AmtSim.Protocol.Http;

namespace AmtSim.Firmware.Web;

/// <summary>
/// Knobs of the firmware web server. Each has a documented default and an environment variable
/// <c>AMTSIM_WEB_&lt;KNOB&gt;</c> (<see cref="FromEnvironment"/>); the server logs the effective values once at start.
/// </summary>
public sealed record FirmwareWebServerOptions
{
    /// <summary>WS-Man over HTTP (amt-reference.md §5).</summary>
    public const int DefaultHttpPort = 16992;

    /// <summary>WS-Man over TLS (amt-reference.md §5).</summary>
    public const int DefaultTlsPort = 16993;

    /// <summary>Wrong passwords (per user) within <see cref="DefaultLockoutWindow"/> that lock the account. The real count is unknown (§5 [?]).</summary>
    public const int DefaultLockoutThreshold = 3;

    /// <summary>Window in which failures count towards a lockout. [I]</summary>
    public static readonly TimeSpan DefaultLockoutWindow = TimeSpan.FromMinutes(1);

    /// <summary>How long a locked account stays locked. [I]</summary>
    public static readonly TimeSpan DefaultLockoutDuration = TimeSpan.FromMinutes(2);

    /// <summary>How long a Digest nonce stays fresh; an older one gets 401 with stale="true". [I]</summary>
    public static readonly TimeSpan DefaultNonceLifetime = TimeSpan.FromMinutes(5);

    /// <summary>A TLS handshake not finished after this long is dropped (slow or silent clients). [I]</summary>
    public static readonly TimeSpan DefaultHandshakeTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A connection that sends nothing for this long is closed. [I]</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The password of "$$OsAdmin" (host-based setup). On real hardware the local host gets it from the ME; here it is a knob.</summary>
    public const string DefaultOsAdminPassword = "P@ssw0rd-OsAdmin1";

    public int HttpPort { get; init; } = DefaultHttpPort;

    public int TlsPort { get; init; } = DefaultTlsPort;

    public int LockoutThreshold { get; init; } = DefaultLockoutThreshold;

    public TimeSpan LockoutWindow { get; init; } = DefaultLockoutWindow;

    public TimeSpan LockoutDuration { get; init; } = DefaultLockoutDuration;

    public TimeSpan NonceLifetime { get; init; } = DefaultNonceLifetime;

    public string OsAdminPassword { get; init; } = DefaultOsAdminPassword;

    public TimeSpan HandshakeTimeout { get; init; } = DefaultHandshakeTimeout;

    public TimeSpan IdleTimeout { get; init; } = DefaultIdleTimeout;

    public HttpLimits Limits { get; init; } = HttpLimits.Default;

    /// <summary>
    /// Counts each TLS handshake as work in flight, from accept until its audit entry is written,
    /// so a virtual-time run never ends or moves the clock between a client seeing the alert and
    /// the device recording why it sent it. None by default.
    /// </summary>
    public WorkTracker Work { get; init; } = WorkTracker.None;

    /// <summary>Seed of the Digest nonce generator; null derives one from the device UUID.</summary>
    public int? NonceSeed { get; init; }

    /// <summary>The provisioning-certificate check run on the TLS client chain. Tests may put a stand-in rule here.</summary>
    public ChainValidator Validator { get; init; } = (chain, context) => ProvisioningCertificateValidator.Instance.Validate(chain, context);

    /// <summary>Longest time a seconds knob may be set to: one year.</summary>
    public const int MaxKnobSeconds = 366 * 86400;

    /// <summary>Options with every knob set from <c>AMTSIM_WEB_*</c> environment variables where present.</summary>
    public static FirmwareWebServerOptions FromEnvironment(Func<string, string?>? getEnvironment = null)
    {
        getEnvironment ??= Environment.GetEnvironmentVariable;
        var o = new FirmwareWebServerOptions();
        // A bad value is invalid input naming the variable, never an unhandled FormatException or OverflowException (issue 17).
        int Int(string knob, int fallback) => getEnvironment("AMTSIM_WEB_" + knob) is { } v
            ? int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
                : throw new InvalidInputException($"AMTSIM_WEB_{knob}: '{v}' is not a whole number from 1 to {int.MaxValue}")
            : fallback;
        TimeSpan Seconds(string knob, TimeSpan fallback) => getEnvironment("AMTSIM_WEB_" + knob) is { } v
            ? double.TryParse(v, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) && d > 0 && d <= MaxKnobSeconds ? TimeSpan.FromSeconds(d)
                : throw new InvalidInputException($"AMTSIM_WEB_{knob}: '{v}' is not a number of seconds above 0 and at most {MaxKnobSeconds}")
            : fallback;
        return o with
        {
            HttpPort = Int("HTTP_PORT", o.HttpPort),
            TlsPort = Int("TLS_PORT", o.TlsPort),
            LockoutThreshold = Int("LOCKOUT_THRESHOLD", o.LockoutThreshold),
            LockoutWindow = Seconds("LOCKOUT_WINDOW_SECONDS", o.LockoutWindow),
            LockoutDuration = Seconds("LOCKOUT_DURATION_SECONDS", o.LockoutDuration),
            NonceLifetime = Seconds("NONCE_LIFETIME_SECONDS", o.NonceLifetime),
            HandshakeTimeout = Seconds("HANDSHAKE_TIMEOUT_SECONDS", o.HandshakeTimeout),
            IdleTimeout = Seconds("IDLE_TIMEOUT_SECONDS", o.IdleTimeout),
            OsAdminPassword = getEnvironment("AMTSIM_WEB_OSADMIN_PASSWORD") ?? o.OsAdminPassword,
            Limits = new HttpLimits
            {
                MaxHeaderBytes = Int("MAX_HEADER_BYTES", o.Limits.MaxHeaderBytes),
                MaxHeaderCount = Int("MAX_HEADER_COUNT", o.Limits.MaxHeaderCount),
                MaxBodyBytes = Int("MAX_BODY_BYTES", o.Limits.MaxBodyBytes),
                MaxChunkFramingBytes = Int("MAX_CHUNK_FRAMING_BYTES", o.Limits.MaxChunkFramingBytes),
            },
        };
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"http={HttpPort} tls={TlsPort} lockout={LockoutThreshold}/{LockoutWindow.TotalSeconds}s for {LockoutDuration.TotalSeconds}s nonce={NonceLifetime.TotalSeconds}s handshake={HandshakeTimeout.TotalSeconds}s idle={IdleTimeout.TotalSeconds}s maxHeader={Limits.MaxHeaderBytes} maxHeaders={Limits.MaxHeaderCount} maxBody={Limits.MaxBodyBytes} maxChunkFraming={Limits.MaxChunkFramingBytes}");
}
