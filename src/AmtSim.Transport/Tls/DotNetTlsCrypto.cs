using AmtSim.Runtime.Caching;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace AmtSim.Transport.Tls;

/// <summary>
/// BouncyCastle's TLS crypto with the hot operations on .NET's OpenSSL-backed primitives: AES-GCM
/// records (<see cref="DotNetAesGcm"/>), ECDHE on P-256/P-384 on OpenSSL (<see cref="DotNetEcdhDomain"/>) and
/// the peer certificate's RSA public-key operations (<see cref="DotNetTlsCertificate"/>, parsed once per distinct DER). Private-key
/// operations never reach it: the credentials (<see cref="DotNetRsaTlsCredentials"/>) sign and
/// decrypt with .NET's RSA. SHA-2 hashes (the transcript) are .NET's (<see cref="DotNetTlsHash"/>). The TLS 1.2 PRF is .NET's HMAC (<see cref="DotNetTlsSecret"/>). Everything else (MD5 and SHA-1, the TLS 1.0/1.1 PRF, CBC suites, certificate parsing, TLS 1.0/1.1
/// signature checks) stays BouncyCastle's. One instance serves every connection.
/// </summary>
public sealed class DotNetTlsCrypto : BcTlsCrypto
{
    public static DotNetTlsCrypto Instance { get; } = new();

    /// <summary>
    /// Peer certificates parsed once per distinct DER and shared: a fleet presents the same
    /// provisioning chain to every device (BouncyCastle's parse and its DER re-encoding were about
    /// 2 % of a provisioning).
    /// </summary>
    private readonly DigestCache<DotNetTlsCertificate> _certificates = new(1024);

    private DotNetTlsCrypto()
        : base(new SecureRandom())
    {
    }

    protected override TlsAeadCipher CreateCipher_Aes_Gcm(TlsCryptoParameters cryptoParams, int cipherKeySize, int macSize)
        => new(cryptoParams, new DotNetAesGcm(encrypting: true), new DotNetAesGcm(encrypting: false), cipherKeySize, macSize, TlsAeadCipher.AEAD_GCM);

    /// <summary>X.509 certificates with their RSA public-key operations on .NET (<see cref="DotNetTlsCertificate"/>).</summary>
    public override TlsCertificate CreateCertificate(short type, byte[] encoding)
        => type == Org.BouncyCastle.Tls.CertificateType.X509 ? _certificates.Get(encoding, der => new DotNetTlsCertificate(this, (byte[])der.Clone())) : base.CreateCertificate(type, encoding);

    /// <summary>SHA-2 transcript and parameter hashes on .NET (<see cref="DotNetTlsHash"/>); MD5 and SHA-1 (TLS 1.0/1.1) stay BouncyCastle's.</summary>
    public override TlsHash CreateHash(int cryptoHashAlgorithm)
        => DotNetTlsHash.NameOf(cryptoHashAlgorithm) is { } name ? DotNetTlsHash.Create(name) : base.CreateHash(cryptoHashAlgorithm);

    /// <summary>Secrets (the premaster from ECDH or RSA) whose TLS 1.2 PRF runs on .NET's HMAC (<see cref="DotNetTlsSecret"/>); what they derive is one too.</summary>
    public override TlsSecret CreateSecret(byte[] data) => new DotNetTlsSecret(this, (byte[])data.Clone());

    public override TlsECDomain CreateECDomain(TlsECConfig ecConfig)
        => DotNetEcdhDomain.CurveFor(ecConfig.NamedGroup) is null ? base.CreateECDomain(ecConfig) : new DotNetEcdhDomain(this, ecConfig.NamedGroup);
}
