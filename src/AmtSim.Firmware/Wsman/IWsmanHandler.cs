using System.Buffers;

namespace AmtSim.Firmware.Wsman;

/// <summary>Who is calling: the authenticated user and how the connection was made.</summary>
/// <param name="User">Digest user name ("admin", "$$OsAdmin", ...), or "admin" with an empty password in TLS setup mode.</param>
/// <param name="Remote">Peer address and port.</param>
/// <param name="OverTls">True on 16993.</param>
/// <param name="ClientCertificateAccepted">True when the TLS client presented a provisioning chain the validator accepted (PKI setup mode).</param>
public sealed record WsmanCaller(string User, string Remote, bool OverTls, bool ClientCertificateAccepted);

/// <summary>The reply to one WS-Man POST: HTTP status (200, or 400 for a SOAP fault) and the SOAP body bytes.</summary>
public sealed record WsmanReply(int HttpStatus, byte[] Body);

/// <summary>
/// The seam between the firmware web server (HTTP, TLS, Digest) and the WS-Man service
/// (envelopes, classes, state rules). The web server calls it with an authenticated request body.
/// </summary>
public interface IWsmanHandler
{
    WsmanReply Handle(ReadOnlySequence<byte> body, WsmanCaller caller);
}
