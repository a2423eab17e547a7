using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Tls;
using Org.BouncyCastle.Security;
using BcCertificate = Org.BouncyCastle.Crypto.Tls.Certificate;
using BcHash = Org.BouncyCastle.Crypto.Tls.HashAlgorithm;

namespace AmtSim.Testing.Web;

/// <summary>
/// A TLS client for tests that sends exactly the chain it is given (root included, as
/// provisioning servers do) — .NET's SslStream leaves the root out. Blocking I/O, run it off the test thread.
/// </summary>
public sealed class BouncyCastleTestClient : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly TlsClientProtocol _protocol;

    private BouncyCastleTestClient(TcpClient tcp, TlsClientProtocol protocol, Client client)
    {
        _tcp = tcp;
        _protocol = protocol;
        ServerCertificate = X509CertificateLoader.LoadCertificate(client.ServerCertificate!.GetCertificateAt(0).GetEncoded());
    }

    public Stream Stream => _protocol.Stream;

    public X509Certificate2 ServerCertificate { get; }

    /// <summary>Connects and completes the handshake; throws <see cref="TlsFatalAlertReceived"/> when the device sends an alert.</summary>
    public static async Task<BouncyCastleTestClient> ConnectAsync(IPEndPoint endPoint, IReadOnlyList<X509Certificate2>? chain, bool tls12 = true)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(endPoint);
        var client = new Client(chain, tls12 ? ProtocolVersion.TLSv12 : ProtocolVersion.TLSv11);
        var protocol = new TlsClientProtocol(tcp.GetStream(), new SecureRandom());
        try
        {
            await Task.Run(() => protocol.Connect(client));
        }
        catch
        {
            tcp.Dispose();
            throw;
        }

        return new BouncyCastleTestClient(tcp, protocol, client);
    }

    public void Dispose()
    {
        try
        {
            _protocol.Close();
        }
        catch (IOException)
        {
        }

        _tcp.Dispose();
    }

    private sealed class Client(IReadOnlyList<X509Certificate2>? chain, ProtocolVersion version) : DefaultTlsClient
    {
        public BcCertificate? ServerCertificate { get; set; }

        public override ProtocolVersion ClientVersion => version;

        public override TlsAuthentication GetAuthentication() => new Authentication(this);

        public TlsContext Context => mContext;

        public IReadOnlyList<X509Certificate2>? Chain => chain;

        private sealed class Authentication(Client owner) : TlsAuthentication
        {
            public void NotifyServerCertificate(BcCertificate serverCertificate) => owner.ServerCertificate = serverCertificate;

            public TlsCredentials? GetClientCredentials(Org.BouncyCastle.Crypto.Tls.CertificateRequest certificateRequest)
            {
                var chain = owner.Chain;
                if (chain is null)
                {
                    return null;
                }

                var certificate = new BcCertificate([.. chain.Select(c => X509CertificateStructure.GetInstance(c.RawData))]);
                using var rsa = chain[0].GetRSAPrivateKey()!;
                var key = DotNetUtilities.GetRsaKeyPair(rsa).Private;
                SignatureAndHashAlgorithm? algorithm = TlsUtilities.IsTlsV12(owner.Context) ? new SignatureAndHashAlgorithm(BcHash.sha256, SignatureAlgorithm.rsa) : null;
                return new DefaultTlsSignerCredentials(owner.Context, certificate, key, algorithm);
            }
        }
    }
}
