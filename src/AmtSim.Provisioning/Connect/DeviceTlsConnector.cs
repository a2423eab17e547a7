using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Runtime.Time;
using AmtSim.Transport.Tls;
using Org.BouncyCastle.Crypto.Tls;
using Org.BouncyCastle.Security;
using BcCertificate = Org.BouncyCastle.Crypto.Tls.Certificate;
using CertificateRequest = Org.BouncyCastle.Crypto.Tls.CertificateRequest;
using X509CertificateStructure = Org.BouncyCastle.Asn1.X509.X509CertificateStructure;

namespace AmtSim.Provisioning.Connect;

/// <summary>An established TLS session to a device's 16993.</summary>
public sealed class DeviceTlsSession(TlsPumpStream stream, X509Certificate2 deviceCertificate, string version) : IAsyncDisposable
{
    public Stream Stream => stream;

    /// <summary>The certificate the device served (self-signed before provisioning, the CA-issued one after).</summary>
    public X509Certificate2 DeviceCertificate { get; } = deviceCertificate;

    /// <summary>Negotiated protocol version, e.g. "TLS 1.2".</summary>
    public string Version { get; } = version;

    public ValueTask DisposeAsync()
    {
        stream.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The provisioning server's side of the TLS connection to a device: the server is the TLS
/// client and presents its provisioning chain as client certificate (amt-reference.md §1.3).
/// Speaks TLS 1.0 to 1.2 (old firmware uses RSA key exchange with AES-CBC), with every
/// private-key operation on .NET's RSA.
/// </summary>
public static class DeviceTlsConnector
{
    /// <summary>
    /// Connects from <paramref name="localAddress"/> (the server's own 127.x address) to the device and completes the handshake.
    /// Without a credential (a provisioned device asks for none) a certificate request is answered with an empty certificate.
    /// </summary>
    /// <param name="work">The world's work tracker: closing the session waits, as tracked work, for the device's own close (<see cref="DrainOnCloseStream"/>); null closes at once.</param>
    /// <param name="transport">Wraps the connected socket's stream before TLS runs over it (fault injection, issue 17 item 5); none by default.</param>
    public static async Task<DeviceTlsSession> ConnectAsync(IPEndPoint device, IPAddress? localAddress, ProvisioningCredential? credential, CancellationToken cancellationToken, WorkTracker? work = null, Func<Stream, Stream>? transport = null)
    {
        var socket = new Socket(device.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (localAddress is not null)
            {
                socket.Bind(new IPEndPoint(localAddress, 0));
            }

            await socket.ConnectAsync(device, cancellationToken);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new DeviceTlsException($"cannot connect to {device}: {ex.SocketErrorCode}", null, ex);
        }

        var client = new ProvisioningTlsClient(credential);
        var protocol = new TlsClientProtocol(new SecureRandom());
        Stream wire = work is null ? new NetworkStream(socket, ownsSocket: true) : new DrainOnCloseStream(socket, work);
        var stream = new TlsPumpStream(transport?.Invoke(wire) ?? wire, protocol);
        try
        {
            protocol.Connect(client);
            await stream.HandshakeAsync(() => client.HandshakeComplete, cancellationToken);
        }
        catch (TlsFatalAlertReceived ex)
        {
            stream.Dispose();
            throw new DeviceTlsException($"the device sent fatal alert {AlertDescription.GetText(ex.AlertDescription)} ({ex.AlertDescription})", ex.AlertDescription, ex);
        }
        catch (TlsFatalAlert ex)
        {
            stream.Dispose();
            throw new DeviceTlsException($"handshake failed on this side: {AlertDescription.GetText(ex.AlertDescription)}", null, ex);
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or SocketException)
        {
            stream.Dispose();
            throw new DeviceTlsException("the device closed the connection during the TLS handshake", client.AlertReceived, ex);
        }

        return new DeviceTlsSession(stream, client.ServerCertificate!, client.NegotiatedVersion);
    }

    private sealed class ProvisioningTlsClient(ProvisioningCredential? credential) : DefaultTlsClient(DotNetTlsCipherFactory.Instance)
    {
        public bool HandshakeComplete { get; private set; }
        public byte? AlertReceived { get; private set; }
        public X509Certificate2? ServerCertificate { get; set; }
        public string NegotiatedVersion => mContext?.ServerVersion?.ToString() ?? "?";

        public override ProtocolVersion MinimumVersion => ProtocolVersion.TLSv10;

        public override ProtocolVersion ClientVersion => ProtocolVersion.TLSv12;

        public override int[] GetCipherSuites() =>
        [
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
            CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA256,
            CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA256,
            CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA,
            CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA,
        ];

        public override TlsAuthentication GetAuthentication() => new Authentication(this);

        protected override TlsKeyExchange CreateECDheKeyExchange(int keyExchange)
            => new DotNetEcdheKeyExchange(keyExchange, mSupportedSignatureAlgorithms, mNamedCurves, mClientECPointFormats, mServerECPointFormats);

        public override void NotifyHandshakeComplete()
        {
            base.NotifyHandshakeComplete();
            HandshakeComplete = true;
        }

        public override void NotifyAlertReceived(byte alertLevel, byte alertDescription)
        {
            base.NotifyAlertReceived(alertLevel, alertDescription);
            if (alertLevel == AlertLevel.fatal)
            {
                AlertReceived = alertDescription;
            }
        }

        private TlsCredentials? ClientCredentials(CertificateRequest request)
        {
            if (credential is null)
            {
                return null;
            }

            var chain = new BcCertificate([.. credential.Chain.Select(c => X509CertificateStructure.GetInstance(c.RawData))]);
            SignatureAndHashAlgorithm? algorithm = null;
            if (TlsUtilities.IsTlsV12(mContext))
            {
                var offered = request.SupportedSignatureAlgorithms?.Cast<SignatureAndHashAlgorithm>().ToList() ?? [];
                algorithm = offered.FirstOrDefault(a => a.Signature == SignatureAlgorithm.rsa && a.Hash == HashAlgorithm.sha256)
                    ?? offered.FirstOrDefault(a => a.Signature == SignatureAlgorithm.rsa)
                    ?? new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa);
            }

            return new DotNetRsaTlsCredentials(mContext, chain, credential.Key, algorithm);
        }

        private sealed class Authentication(ProvisioningTlsClient owner) : TlsAuthentication
        {
            /// <summary>In setup mode the device serves a self-signed certificate; the server records it and goes on (it authenticates the device by FQDN later).</summary>
            public void NotifyServerCertificate(BcCertificate serverCertificate)
            {
                if (serverCertificate.IsEmpty)
                {
                    throw new TlsFatalAlert(AlertDescription.bad_certificate);
                }

                owner.ServerCertificate = X509CertificateLoader.LoadCertificate(serverCertificate.GetCertificateAt(0).GetEncoded());
            }

            public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) => owner.ClientCredentials(certificateRequest)!;
        }
    }
}
