using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace AmtSim.Firmware.Cira;

/// <summary>Everything the device's outbound TLS needs to reach an MPS and judge its certificate.</summary>
/// <param name="Local">The device's own address (connections leave from it).</param>
/// <param name="Remote">The MPS address and port.</param>
/// <param name="ServerName">The name the MPS certificate must carry: AccessInfo for an FQDN entry, CN for an IPv4 one.</param>
/// <param name="TrustedRoots">The roots added with AddTrustedRootCertificate; nothing else is trusted.</param>
/// <param name="Now">The device clock (validity is checked against it).</param>
public sealed record MpsDialRequest(IPAddress Local, IPEndPoint Remote, string ServerName, IReadOnlyList<X509Certificate2> TrustedRoots, DateTimeOffset Now, TimeSpan HandshakeTimeout);

public enum MpsDialOutcome
{
    Connected,
    Unreachable,
    CertificateUntrusted,
    CertificateNameMismatch,
    TlsFailed,
}

/// <summary>How a dial ended; <see cref="Stream"/> is the decrypted stream when connected (the caller owns it).</summary>
public sealed record MpsDial(MpsDialOutcome Outcome, string Detail, Stream? Stream = null, string? ServerSubject = null);

/// <summary>
/// The device's outbound TLS to an MPS (AMT 16: TLS 1.2, the MPS certificate checked against the
/// roots it was given). One implementation today (<see cref="SslStreamMpsTransport"/>); the seam
/// lets it move to the project's own TLS transport later.
/// </summary>
public interface IMpsTransport
{
    Task<MpsDial> DialAsync(MpsDialRequest request, CancellationToken cancellationToken);
}
