using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Firmware.Profiles;
using AmtSim.Firmware.Validation;
using AmtSim.Transport.Tls;
using Org.BouncyCastle.Tls;
using BcCertificate = Org.BouncyCastle.Tls.Certificate;
using BcHashAlgorithm = Org.BouncyCastle.Tls.HashAlgorithm;
using CertificateRequest = Org.BouncyCastle.Tls.CertificateRequest;

namespace AmtSim.Firmware.Web.Tls;

/// <summary>What one handshake needs from the device, captured when the connection opens.</summary>
internal sealed record TlsServerSettings(
    TlsVersions Versions,
    BcCertificate Certificate,
    X509Certificate2 Served,
    RSA? Key,
    bool RequireClientCertificate,
    Func<IReadOnlyList<X509Certificate2>, ValidationResult> Validate);

/// <summary>
/// The device's side of one TLS handshake on 16993 (BouncyCastle's TLS API, run by the shared
/// <see cref="TlsConnection"/>). Versions come from the firmware profile. Before provisioning it
/// sends a CertificateRequest and runs the provisioning-certificate check inside the handshake,
/// so a rejected chain gets the fatal alert certificate_unknown (46) the way AMT sends it. The
/// client's CertificateVerify is checked by BouncyCastle against the presented leaf (a bad one
/// ends the handshake with decrypt_error); renegotiation is refused (no_renegotiation).
/// </summary>
internal sealed class DeviceTlsServer(TlsServerSettings settings) : DefaultTlsServer(DotNetTlsCrypto.Instance)
{
    private static readonly int[] Tls12Suites =
    [
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA256,
        CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA,
    ];

    /// <summary>Before TLS 1.2, RSA key exchange with AES-CBC only, as old firmware did (amt-reference.md §1.3).</summary>
    private static readonly int[] LegacySuites =
    [
        CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA,
    ];

    private RSA? _privateKey;

    /// <summary>The validator's verdict on the client chain, once the client sent one.</summary>
    public ValidationResult? ClientChainVerdict { get; private set; }

    /// <summary>Subject of the client's leaf certificate, if any.</summary>
    public string? ClientLeafSubject { get; private set; }

    /// <summary>The fatal alert this side raised, if any.</summary>
    public byte? AlertRaised { get; private set; }

    public bool HandshakeComplete { get; private set; }

    /// <summary>True when a client chain was presented and accepted (PKI setup mode).</summary>
    public bool ClientCertificateAccepted => ClientChainVerdict?.IsAccepted == true;

    protected override ProtocolVersion[] GetSupportedVersions()
        => ToProtocol(Highest(settings.Versions)).DownTo(ToProtocol(Lowest(settings.Versions)));

    protected override int[] GetSupportedCipherSuites() => [.. Tls12Suites];

    /// <summary>The negotiated version picks the list: TLS 1.2 firmware offers ECDHE and GCM, older firmware only RSA with AES-CBC.</summary>
    public override int[] GetCipherSuites()
        => m_context?.ServerVersion is { } version && !TlsUtilities.IsTlsV12(version) ? LegacySuites : Tls12Suites;

    /// <summary>P-256 or P-384, the first the client offers: firmware has no other curves (and ECDHE then runs on .NET).</summary>
    protected override int SelectECDH(int minimumCurveBits)
    {
        var offered = m_context.SecurityParameters.ClientSupportedGroups;
        if (offered is null)
        {
            return SelectECDHDefault(minimumCurveBits);
        }

        foreach (var group in offered)
        {
            if (group is NamedGroup.secp256r1 or NamedGroup.secp384r1 && NamedGroup.GetCurveBits(group) >= minimumCurveBits)
            {
                return group;
            }
        }

        return -1;
    }

    /// <summary>The validator judges the chain (its length, its algorithms): BouncyCastle's own limits must not answer first.</summary>
    public override int GetMaxCertificateChainLength() => 64;

    public override bool ShouldCheckSigAlgOfPeerCerts() => false;

    public override CertificateRequest? GetCertificateRequest()
    {
        if (!settings.RequireClientCertificate)
        {
            return null;
        }

        // RSA PKCS#1 only, as firmware (and BouncyCastle 1.8) asked: no RSA-PSS CertificateVerify.
        var algorithms = TlsUtilities.IsTlsV12(m_context) ? TlsSignatureAlgorithms.RsaPkcs1 : null;
        return new CertificateRequest([ClientCertificateType.rsa_sign], algorithms, null);
    }

    public override void NotifyClientCertificate(BcCertificate clientCertificate)
    {
        if (!settings.RequireClientCertificate)
        {
            return;
        }

        if (clientCertificate is null || clientCertificate.IsEmpty)
        {
            ClientChainVerdict = ValidationResult.Reject(ValidationReason.ChainIncomplete, "client sent no certificate");
            throw new TlsFatalAlert(AlertDescription.handshake_failure);
        }

        // Shared, read-only certificate objects: a fleet presents the same provisioning chain to every device.
        List<X509Certificate2> chain;
        try
        {
            chain = [.. clientCertificate.GetCertificateList().Select(c => DerCertificateCache.Get(c.GetEncoded()))];
        }
        catch (CryptographicException ex)
        {
            ClientChainVerdict = ValidationResult.Reject(ValidationReason.ChainIncomplete, "client certificate is not a valid X.509 certificate: " + ex.Message);
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }

        ClientLeafSubject = chain[0].Subject;
        var verdict = settings.Validate(chain);
        ClientChainVerdict = verdict;
        if (!verdict.IsAccepted)
        {
            throw new TlsFatalAlert(AlertDescription.certificate_unknown);
        }
    }

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause)
    {
        if (alertLevel == AlertLevel.fatal)
        {
            AlertRaised = (byte)alertDescription;
        }
    }

    public override void NotifyHandshakeComplete() => HandshakeComplete = true;

    protected override TlsCredentialedSigner GetRsaSignerCredentials() => DotNetRsaTlsCredentials.Signer(settings.Certificate, PrivateKey(), ChooseSignatureAlgorithm());

    protected override TlsCredentialedDecryptor GetRsaEncryptionCredentials() => DotNetRsaTlsCredentials.Decryptor(Crypto, settings.Certificate, PrivateKey());

    private RSA PrivateKey()
        => _privateKey ??= settings.Key ?? settings.Served.GetRSAPrivateKey() ?? throw new TlsFatalAlert(AlertDescription.internal_error);

    /// <summary>TLS 1.2: RSA with the client's preferred of SHA-256/384/512/1 (SHA-1 when it sent no list, RFC 5246 §7.4.1.4.1).</summary>
    private SignatureAndHashAlgorithm? ChooseSignatureAlgorithm()
    {
        if (!TlsUtilities.IsTlsV12(m_context))
        {
            return null;
        }

        var offered = m_context.SecurityParameters.ClientSigAlgs;
        if (offered is null)
        {
            return SignatureAndHashAlgorithm.GetInstance(BcHashAlgorithm.sha1, SignatureAlgorithm.rsa);
        }

        foreach (var a in offered)
        {
            if (a.Signature == SignatureAlgorithm.rsa && a.Hash is BcHashAlgorithm.sha256 or BcHashAlgorithm.sha384 or BcHashAlgorithm.sha512 or BcHashAlgorithm.sha1)
            {
                return a;
            }
        }

        throw new TlsFatalAlert(AlertDescription.handshake_failure);
    }

    public void DisposeKey()
    {
        // Only a key this handshake took out of the certificate: a key passed in (the device's setup key) is the device's.
        if (!ReferenceEquals(_privateKey, settings.Key))
        {
            _privateKey?.Dispose();
        }
    }

    private static TlsVersions Lowest(TlsVersions v)
        => v.HasFlag(TlsVersions.Tls10) ? TlsVersions.Tls10 : v.HasFlag(TlsVersions.Tls11) ? TlsVersions.Tls11 : TlsVersions.Tls12;

    private static TlsVersions Highest(TlsVersions v)
        => v.HasFlag(TlsVersions.Tls12) ? TlsVersions.Tls12 : v.HasFlag(TlsVersions.Tls11) ? TlsVersions.Tls11 : TlsVersions.Tls10;

    private static ProtocolVersion ToProtocol(TlsVersions v) => v switch
    {
        TlsVersions.Tls10 => ProtocolVersion.TLSv10,
        TlsVersions.Tls11 => ProtocolVersion.TLSv11,
        _ => ProtocolVersion.TLSv12,
    };
}
