using System.IO.Pipelines;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using BcCertificate = Org.BouncyCastle.Tls.Certificate;
using CertificateRequest = Org.BouncyCastle.Tls.CertificateRequest;

namespace AmtSim.Transport.Tls;

/// <summary>A TLS handshake that did not complete: why, and the alerts each side sent.</summary>
public sealed class TlsHandshakeException(TlsFailure failure, Exception? inner = null) : IOException(failure.ToString(), inner)
{
    public TlsFailure Failure { get; } = failure;
}

/// <summary>An established client session: the plaintext, what the server presented and what was negotiated.</summary>
public sealed class TlsClientSession : IAsyncDisposable
{
    private readonly Lazy<IReadOnlyList<X509Certificate2>> _serverChain;

    internal TlsClientSession(TlsConnection connection, Lazy<IReadOnlyList<X509Certificate2>> serverChain, string version, int cipherSuite)
    {
        Connection = connection;
        _serverChain = serverChain;
        Version = version;
        CipherSuite = cipherSuite;
    }

    public TlsConnection Connection { get; }

    /// <summary>The plaintext as a Stream; disposing it ends the session.</summary>
    public Stream Stream => Connection.Stream;

    public IDuplexPipe Application => Connection.Application;

    /// <summary>The server's chain as sent, leaf first (parsed on first read when no validator judged it in the handshake).</summary>
    public IReadOnlyList<X509Certificate2> ServerChain => _serverChain.Value;

    public X509Certificate2 ServerCertificate => ServerChain[0];

    /// <summary>Negotiated protocol version, e.g. "TLS 1.2".</summary>
    public string Version { get; }

    /// <summary>Negotiated BouncyCastle <see cref="Org.BouncyCastle.Tls.CipherSuite"/> number.</summary>
    public int CipherSuite { get; }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}

/// <summary>
/// Every TLS client AmtSim plays, on the one <see cref="TlsConnection"/> engine: private-key
/// operations, AES-GCM and ECDHE on .NET's primitives, the policy from <see cref="TlsClientOptions"/>.
/// </summary>
public static class TlsClientConnector
{
    /// <summary>Connects a socket from <paramref name="localAddress"/> to <paramref name="remote"/> and completes the handshake. Socket errors surface as <see cref="System.Net.Sockets.SocketException"/>.</summary>
    public static async Task<TlsClientSession> ConnectAsync(IPEndPoint remote, IPAddress? localAddress, TlsClientOptions options, CancellationToken cancellationToken)
    {
        var transport = await SocketTransport.ConnectAsync(remote, localAddress, cancellationToken);
        return await HandshakeAsync(transport, transport, options, cancellationToken);
    }

    /// <summary>Completes a handshake over any ciphertext transport; <paramref name="owned"/> is disposed with the session (or on failure).</summary>
    public static async Task<TlsClientSession> HandshakeAsync(IDuplexPipe transport, IAsyncDisposable? owned, TlsClientOptions options, CancellationToken cancellationToken)
    {
        var client = new PolicyClient(DotNetTlsCrypto.Instance, options);
        var connection = TlsConnection.Client(transport, client, owned);
        TlsFailure? failure;
        try
        {
            failure = await connection.HandshakeAsync(cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        if (failure is not null)
        {
            await connection.DisposeAsync();
            throw new TlsHandshakeException(failure with { AlertReceived = failure.AlertReceived ?? client.AlertReceived, AlertSent = failure.AlertSent ?? client.AlertSent });
        }

        return new TlsClientSession(connection, client.ServerChain!, client.NegotiatedVersion, client.CipherSuite);
    }

    private sealed class PolicyClient(TlsCrypto crypto, TlsClientOptions options) : DefaultTlsClient(crypto)
    {
        public Lazy<IReadOnlyList<X509Certificate2>>? ServerChain { get; private set; }

        public short? AlertReceived { get; private set; }

        public short? AlertSent { get; private set; }

        public string NegotiatedVersion => m_context?.ServerVersion?.ToString() ?? "?";

        public int CipherSuite => m_context.SecurityParameters.CipherSuite;

        protected override ProtocolVersion[] GetSupportedVersions()
            => Version(options.MaximumVersion).DownTo(Version(options.MinimumVersion));

        protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, [.. options.CipherSuites]);

        /// <summary>P-256 and P-384 only: the curves firmware speaks, and the ones ECDHE runs on .NET for.</summary>
        protected override IList<int> GetSupportedGroups(IList<int> namedGroupRoles) => [NamedGroup.secp256r1, NamedGroup.secp384r1];

        /// <summary>RSA PKCS#1 only, for the server's signature and its certificates (<see cref="TlsSignatureAlgorithms.RsaPkcs1"/>).</summary>
        protected override IList<SignatureAndHashAlgorithm> GetSupportedSignatureAlgorithms() => TlsSignatureAlgorithms.RsaPkcs1;

        protected override IList<ServerName>? GetSniServerNames()
            => options.ServerName is { } name ? [new ServerName(NameType.host_name, System.Text.Encoding.ASCII.GetBytes(name))] : null;

        /// <summary>The server's chain is judged by <see cref="TlsClientOptions.ValidateServer"/>, not by the signature algorithms it was signed with.</summary>
        public override bool ShouldCheckSigAlgOfPeerCerts() => false;

        public override TlsAuthentication GetAuthentication() => new Authentication(this);

        public override void NotifyAlertReceived(short alertLevel, short alertDescription)
        {
            if (alertLevel == AlertLevel.fatal)
            {
                AlertReceived = alertDescription;
            }
        }

        public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause)
        {
            if (alertLevel == AlertLevel.fatal)
            {
                AlertSent = alertDescription;
            }
        }

        private static ProtocolVersion Version(TlsProtocolVersion v) => v switch
        {
            TlsProtocolVersion.Tls10 => ProtocolVersion.TLSv10,
            TlsProtocolVersion.Tls11 => ProtocolVersion.TLSv11,
            _ => ProtocolVersion.TLSv12,
        };

        private void OnServerCertificate(BcCertificate certificate)
        {
            if (certificate.IsEmpty)
            {
                throw new TlsFatalAlert(AlertDescription.bad_certificate, "the server sent no certificate");
            }

            var encoded = certificate.GetCertificateList().Select(c => c.GetEncoded()).ToArray();
            ServerChain = new Lazy<IReadOnlyList<X509Certificate2>>(() => [.. encoded.Select(X509CertificateLoader.LoadCertificate)]);
            if (ReferenceEquals(options.ValidateServer, TlsClientOptions.AcceptAnyServer))
            {
                // Nobody judges the chain: parsing it (OpenSSL's decoders, a few percent of a provisioning) waits until someone reads it.
                return;
            }

            var verdict = options.ValidateServer(ServerChain.Value);
            if (!verdict.Accepted)
            {
                throw new TlsFatalAlert(verdict.Alert, verdict.Detail);
            }
        }

        private TlsCredentials? ClientCredentials(CertificateRequest request)
        {
            if (options.Credential is not { } credential)
            {
                return null;
            }

            SignatureAndHashAlgorithm? algorithm = null;
            if (TlsUtilities.IsTlsV12(m_context))
            {
                var offered = request.SupportedSignatureAlgorithms ?? [];
                algorithm = offered.FirstOrDefault(a => a.Signature == SignatureAlgorithm.rsa && a.Hash == HashAlgorithm.sha256)
                    ?? offered.FirstOrDefault(a => a.Signature == SignatureAlgorithm.rsa && a.Hash is HashAlgorithm.sha384 or HashAlgorithm.sha512 or HashAlgorithm.sha1)
                    ?? SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.rsa);
            }

            return DotNetRsaTlsCredentials.Signer(credential.Certificate, credential.Key, algorithm);
        }

        private sealed class Authentication(PolicyClient owner) : TlsAuthentication
        {
            public void NotifyServerCertificate(TlsServerCertificate serverCertificate) => owner.OnServerCertificate(serverCertificate.Certificate);

            public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) => owner.ClientCredentials(certificateRequest)!;
        }
    }
}
