using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace AmtSim.Transport.Tls;

/// <summary>
/// BouncyCastle's TLS crypto with the hot operations on .NET's OpenSSL-backed primitives: AES-GCM
/// records (<see cref="DotNetAesGcm"/>) and ECDHE on P-256/P-384 (<see cref="DotNetEcdhDomain"/>).
/// Private-key operations never reach it: the credentials (<see cref="DotNetRsaCredentials"/>) sign
/// and decrypt with .NET's RSA. Everything else (hashes, PRF, CBC suites, certificate parsing and
/// the peer's signature check) stays BouncyCastle's. One instance serves every connection.
/// </summary>
public sealed class DotNetTlsCrypto : BcTlsCrypto
{
    public static DotNetTlsCrypto Instance { get; } = new();

    private DotNetTlsCrypto()
        : base(new SecureRandom())
    {
    }

    protected override TlsAeadCipher CreateCipher_Aes_Gcm(TlsCryptoParameters cryptoParams, int cipherKeySize, int macSize)
        => new(cryptoParams, new DotNetAesGcm(encrypting: true), new DotNetAesGcm(encrypting: false), cipherKeySize, macSize, TlsAeadCipher.AEAD_GCM);

    public override TlsECDomain CreateECDomain(TlsECConfig ecConfig)
        => DotNetEcdhDomain.CurveFor(ecConfig.NamedGroup) is null ? base.CreateECDomain(ecConfig) : new DotNetEcdhDomain(this, ecConfig.NamedGroup);
}
