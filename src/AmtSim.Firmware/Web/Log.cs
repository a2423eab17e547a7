using Microsoft.Extensions.Logging;

namespace AmtSim.Firmware.Web;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Device {DeviceUuid} web server on {Address}: HTTP {HttpPort}, TLS {TlsPort} ({Knobs})")]
    public static partial void Started(ILogger logger, Guid deviceUuid, System.Net.IPAddress address, int httpPort, int tlsPort, FirmwareWebServerOptions knobs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Connection {ConnectionId} from {Remote} on {Port} ended: {Reason} after {Requests} request(s)")]
    public static partial void ConnectionEnded(ILogger logger, long connectionId, string remote, int port, ConnectionEndReason reason, int requests);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "TLS client chain from {Remote} rejected: {Reason} ({Detail})")]
    public static partial void ChainRejected(ILogger logger, string remote, Validation.ValidationReason reason, string detail);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Malformed request from {Remote}: {Message}")]
    public static partial void MalformedRequest(ILogger logger, string remote, string message);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "WS-Man handler failed for {Remote}")]
    public static partial void HandlerFailed(ILogger logger, string remote, Exception exception);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "TLS handshake with {Remote} failed: {Message}")]
    public static partial void HandshakeFailed(ILogger logger, string remote, string message);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "Provisioning certificate validator failed for {Remote}")]
    public static partial void ValidatorFailed(ILogger logger, string remote, Exception exception);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Authentication of {User} from {Remote} refused: {Verdict} ({Detail})")]
    public static partial void AuthRefused(ILogger logger, string user, string remote, Digest.DigestVerdict verdict, string detail);

    [LoggerMessage(EventId = 9, Level = LogLevel.Error, Message = "Device {DeviceUuid}: no TLS certificate with a private key for state {State}")]
    public static partial void NoServerCertificate(ILogger logger, Guid deviceUuid, Device.ProvisioningState state);

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "Connection {ConnectionId} from {Remote} failed unexpectedly")]
    public static partial void ConnectionFailed(ILogger logger, long connectionId, string remote, Exception exception);

    // Highest id: 10
}
