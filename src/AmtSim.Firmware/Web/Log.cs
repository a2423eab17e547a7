using Microsoft.Extensions.Logging;

namespace AmtSim.Firmware.Web;

internal static partial class Log
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Device {DeviceUuid} web server on {Address}: HTTP {HttpPort}, TLS {TlsPort} ({Knobs})")]
    public static partial void Started(ILogger logger, Guid deviceUuid, System.Net.IPAddress address, int httpPort, int tlsPort, FirmwareWebServerOptions knobs);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Debug, Message = "Connection {ConnectionId} from {Remote} on {Port} ended: {Reason} after {Requests} request(s)")]
    public static partial void ConnectionEnded(ILogger logger, long connectionId, string remote, int port, ConnectionEndReason reason, int requests);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "TLS client chain from {Remote} rejected: {Reason} ({Detail})")]
    public static partial void ChainRejected(ILogger logger, string remote, Validation.ValidationReason reason, string detail);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Information, Message = "Malformed request from {Remote}: {Message}")]
    public static partial void MalformedRequest(ILogger logger, string remote, string message);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Error, Message = "WS-Man handler failed for {Remote}")]
    public static partial void HandlerFailed(ILogger logger, string remote, Exception exception);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Debug, Message = "TLS handshake with {Remote} failed: {Message}")]
    public static partial void HandshakeFailed(ILogger logger, string remote, string message);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Error, Message = "Provisioning certificate validator failed for {Remote}")]
    public static partial void ValidatorFailed(ILogger logger, string remote, Exception exception);

    [LoggerMessage(EventId = 2108, Level = LogLevel.Information, Message = "Authentication of {User} from {Remote} refused: {Verdict} ({Detail})")]
    public static partial void AuthRefused(ILogger logger, string user, string remote, Digest.DigestVerdict verdict, string detail);

    [LoggerMessage(EventId = 2109, Level = LogLevel.Error, Message = "Device {DeviceUuid}: no TLS certificate with a private key for state {State}")]
    public static partial void NoServerCertificate(ILogger logger, Guid deviceUuid, Device.ProvisioningState state);

    [LoggerMessage(EventId = 2110, Level = LogLevel.Error, Message = "Connection {ConnectionId} from {Remote} failed unexpectedly")]
    public static partial void ConnectionFailed(ILogger logger, long connectionId, string remote, Exception exception);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Error, Message = "Device {DeviceUuid}: the provisioned certificate cannot be loaded: {Message}")]
    public static partial void ProvisionedCertificateUnreadable(ILogger logger, Guid deviceUuid, string message);

    // Block 2100-2199 (docs/ARCHITECTURE.md); highest id: 2111
}
