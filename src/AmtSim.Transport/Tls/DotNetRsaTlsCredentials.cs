using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using TlsHash = Org.BouncyCastle.Tls.HashAlgorithm;
using BcCertificate = Org.BouncyCastle.Tls.Certificate;

namespace AmtSim.Transport.Tls;

/// <summary>
/// TLS credentials whose private-key operations run on .NET's RSA (OpenSSL): BouncyCastle's
/// managed RSA is about ten times slower here and must stay off every hot path. BouncyCastle wants
/// one role per credential object: <see cref="Signer"/> for CertificateVerify and
/// ServerKeyExchange, <see cref="Decryptor"/> for RSA key exchange. The key belongs to the caller.
/// </summary>
public static class DotNetRsaTlsCredentials
{
    /// <summary>The chain as BouncyCastle's TLS certificate, leaf first, every certificate exactly as given (root included when it is given).</summary>
    public static BcCertificate ChainOf(IEnumerable<X509Certificate2> chain)
        => new([.. chain.Select(c => DotNetTlsCrypto.Instance.CreateCertificate(c.RawData))]);

    /// <param name="certificate">The chain to present, leaf first.</param>
    /// <param name="key">The leaf's private key.</param>
    /// <param name="signatureAlgorithm">TLS 1.2 signature and hash algorithm; null for TLS 1.0/1.1 (MD5‖SHA-1).</param>
    public static TlsCredentialedSigner Signer(BcCertificate certificate, RSA key, SignatureAndHashAlgorithm? signatureAlgorithm)
        => new RsaSigner(certificate, key, signatureAlgorithm);

    /// <param name="crypto">Makes the decrypted premaster secret into a TLS secret.</param>
    /// <param name="certificate">The chain to present, leaf first.</param>
    /// <param name="key">The leaf's private key.</param>
    public static TlsCredentialedDecryptor Decryptor(TlsCrypto crypto, BcCertificate certificate, RSA key)
        => new RsaDecryptor(crypto, certificate, key);

    private sealed class RsaSigner(BcCertificate certificate, RSA key, SignatureAndHashAlgorithm? signatureAlgorithm) : TlsCredentialedSigner
    {
        public BcCertificate Certificate => certificate;

        public SignatureAndHashAlgorithm SignatureAndHashAlgorithm => signatureAlgorithm!;

        /// <summary>
        /// Signs the handshake hash BouncyCastle computed: with a TLS 1.2 algorithm, a PKCS#1 v1.5
        /// signature over that digest (DigestInfo included); before TLS 1.2, a raw PKCS#1 signature of
        /// the 36-byte MD5‖SHA-1 concatenation.
        /// </summary>
        public byte[] GenerateRawSignature(byte[] hash)
        {
            using var profile = AmtSim.Runtime.Profiling.PhaseProfiler.Enter(AmtSim.Runtime.Profiling.ProfilePhase.RsaPrivateKey);
            if (signatureAlgorithm is null)
            {
                return RawRsa.SignPkcs1(key, hash);
            }

            var name = signatureAlgorithm.Hash switch
            {
                TlsHash.sha1 => HashAlgorithmName.SHA1,
                TlsHash.sha256 => HashAlgorithmName.SHA256,
                TlsHash.sha384 => HashAlgorithmName.SHA384,
                TlsHash.sha512 => HashAlgorithmName.SHA512,
                var other => throw new TlsFatalAlert(AlertDescription.internal_error, $"TLS hash algorithm {other} is not supported"),
            };
            return key.SignHash(hash, name, RSASignaturePadding.Pkcs1);
        }

        /// <summary>No streaming signer: BouncyCastle then hashes the transcript itself and calls <see cref="GenerateRawSignature"/>.</summary>
        public TlsStreamSigner? GetStreamSigner() => null;
    }

    private sealed class RsaDecryptor(TlsCrypto crypto, BcCertificate certificate, RSA key) : TlsCredentialedDecryptor
    {
        public BcCertificate Certificate => certificate;

        /// <summary>
        /// Decrypts the RSA-encrypted premaster secret. On bad padding, a wrong length or a wrong
        /// version inside, returns random bytes carrying the expected version instead of failing
        /// (RFC 5246 §7.4.7.1), so the handshake fails later at Finished and no padding oracle appears.
        /// </summary>
        public TlsSecret Decrypt(TlsCryptoParameters cryptoParams, byte[] ciphertext)
        {
            var version = cryptoParams.RsaPreMasterSecretVersion;
            byte[]? plain = null;
            try
            {
                plain = key.Decrypt(ciphertext, RSAEncryptionPadding.Pkcs1);
            }
            catch (CryptographicException)
            {
            }

            if (plain is not { Length: 48 } || plain[0] != (byte)version.MajorVersion || plain[1] != (byte)version.MinorVersion)
            {
                plain = RandomNumberGenerator.GetBytes(48);
                plain[0] = (byte)version.MajorVersion;
                plain[1] = (byte)version.MinorVersion;
            }

            return crypto.CreateSecret(plain);
        }
    }
}
