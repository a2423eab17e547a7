using System.Net;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Transport.Tls;

namespace AmtSim.Testing.Web;

/// <summary>
/// A TLS client for tests that sends exactly the chain it is given (root included, as
/// provisioning servers do) — .NET's SslStream leaves the root out. It is AmtSim's own client
/// engine (<see cref="TlsClientConnector"/>) with the test's versions and chain.
/// </summary>
public sealed class BouncyCastleTestClient : IDisposable
{
    private readonly TlsClientSession _session;

    private BouncyCastleTestClient(TlsClientSession session) => _session = session;

    public Stream Stream => _session.Stream;

    public X509Certificate2 ServerCertificate => _session.ServerCertificate;

    public TlsClientSession Session => _session;

    /// <summary>Connects and completes the handshake; throws <see cref="TlsHandshakeException"/> (with the alert) when the device refuses.</summary>
    public static async Task<BouncyCastleTestClient> ConnectAsync(IPEndPoint endPoint, IReadOnlyList<X509Certificate2>? chain, bool tls12 = true)
    {
        var options = new TlsClientOptions
        {
            MinimumVersion = TlsProtocolVersion.Tls10,
            MaximumVersion = tls12 ? TlsProtocolVersion.Tls12 : TlsProtocolVersion.Tls11,
            Credential = chain is null ? null : new TlsClientCredential(chain, chain[0].GetRSAPrivateKey()!),
        };
        return new BouncyCastleTestClient(await TlsClientConnector.ConnectAsync(endPoint, null, options, CancellationToken.None));
    }

    public void Dispose() => _session.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
