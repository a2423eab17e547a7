namespace AmtSim.Firmware.Web;

/// <summary>Why a connection to the device's web server ended (one per connection, like Pipelines' PipeShutdownKind).</summary>
public enum ConnectionEndReason
{
    /// <summary>The client closed the connection between requests.</summary>
    ClientClosed,

    /// <summary>The client closed with a partial request buffered.</summary>
    ClientClosedMidRequest,

    /// <summary>The request asked for close (Connection: close, HTTP/1.0); the device replied and closed.</summary>
    CloseRequested,

    /// <summary>The device answered 401 (with Connection: close, as AMT does) and closed.</summary>
    Unauthorized,

    /// <summary>The request was malformed; the device answered 400 and closed.</summary>
    MalformedRequest,

    /// <summary>A header section or body exceeded the limits; the device answered 400 and closed.</summary>
    RequestTooLarge,

    /// <summary>The TLS handshake failed for a reason other than the client certificate.</summary>
    TlsHandshakeFailed,

    /// <summary>The provisioning certificate chain was rejected: fatal alert certificate_unknown (46) sent.</summary>
    ClientCertificateRejected,

    /// <summary>The TLS handshake did not finish within the handshake timeout, or the client sent nothing for the idle timeout.</summary>
    TimedOut,

    /// <summary>The server was stopped.</summary>
    ServerStopping,

    /// <summary>A socket or TLS record error after the handshake.</summary>
    TransportError,
}

/// <summary>What one connection did and why it ended; tests await these from <see cref="FirmwareWebServer.WaitForConnectionEndAsync"/>.</summary>
public sealed record ConnectionRecord(long Id, int Port, string Remote, bool OverTls, ConnectionEndReason Reason, int Requests, DateTimeOffset OpenedAt, DateTimeOffset ClosedAt);
