using System.Security.Cryptography;
using AmtSim.Runtime.Caching;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using TlsHash = Org.BouncyCastle.Tls.HashAlgorithm;

namespace AmtSim.Transport.Tls;

/// <summary>
/// A peer's X.509 certificate as BouncyCastle's TLS sees it, with its RSA public-key operations on
/// .NET's RSA (OpenSSL): the signature check of a TLS 1.2 ServerKeyExchange or CertificateVerify and
/// the encryption of an RSA premaster secret. BouncyCastle's own path builds a managed RSA key and
/// validates its modulus on every handshake. Key-usage checks stay BouncyCastle's; TLS 1.0/1.1
/// signatures (raw MD5‖SHA-1, which .NET cannot verify) go to BouncyCastle's verifier.
/// </summary>
internal sealed class DotNetTlsCertificate(BcTlsCrypto crypto, byte[] encoding) : BcTlsCertificate(crypto, encoding)
{
    private readonly byte[] _encoding = encoding;
    private RSA? _publicKey;

    /// <summary>The certificate's bytes as the peer sent them (a copy), not re-encoded from the parsed structure: what firmware checks is what arrived.</summary>
    public override byte[] GetEncoded() => (byte[])_encoding.Clone();

    public override TlsVerifier CreateVerifier(short signatureAlgorithm)
    {
        if (signatureAlgorithm != SignatureAlgorithm.rsa)
        {
            return base.CreateVerifier(signatureAlgorithm);
        }

        ValidateKeyUsage(KeyUsage.DigitalSignature);
        ValidateRsa_Pkcs1();
        return new Verifier(PublicKey(), () => base.CreateVerifier(signatureAlgorithm));
    }

    public override TlsEncryptor CreateEncryptor(int tlsCertificateRole)
    {
        if (tlsCertificateRole != TlsCertificateRole.RsaEncryption)
        {
            return base.CreateEncryptor(tlsCertificateRole);
        }

        ValidateKeyUsage(KeyUsage.KeyEncipherment);
        return new Encryptor(PublicKey());
    }

    private RSA PublicKey() => _publicKey ??= SharedPublicKey();

    /// <summary>The process's shared key for this certificate's SubjectPublicKeyInfo: a fleet presents the same provisioning leaf to every device.</summary>
    private RSA SharedPublicKey()
    {
        try
        {
            return RsaPublicKeys.Get(SubjectPublicKeyInfo.GetDerEncoded());
        }
        catch (CryptographicException ex)
        {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "the certificate's RSA public key cannot be read", ex);
        }
    }

    private sealed class Verifier(RSA key, Func<TlsVerifier> legacy) : TlsVerifier
    {
        public TlsStreamVerifier? GetStreamVerifier(DigitallySigned digitallySigned) => null;

        public bool VerifyRawSignature(DigitallySigned digitallySigned, byte[] hash)
        {
            if (digitallySigned.Algorithm is not { } algorithm)
            {
                return legacy().VerifyRawSignature(digitallySigned, hash);
            }

            if (algorithm.Signature != SignatureAlgorithm.rsa)
            {
                return false;
            }

            var name = algorithm.Hash switch
            {
                TlsHash.sha1 => HashAlgorithmName.SHA1,
                TlsHash.sha256 => HashAlgorithmName.SHA256,
                TlsHash.sha384 => HashAlgorithmName.SHA384,
                TlsHash.sha512 => HashAlgorithmName.SHA512,
                _ => default,
            };
            if (name == default)
            {
                return false;
            }

            try
            {
                return key.VerifyHash(hash, digitallySigned.Signature, name, RSASignaturePadding.Pkcs1);
            }
            catch (CryptographicException)
            {
                return false;
            }
        }
    }

    private sealed class Encryptor(RSA key) : TlsEncryptor
    {
        public byte[] Encrypt(byte[] input, int inOff, int length)
        {
            try
            {
                return key.Encrypt(input.AsSpan(inOff, length).ToArray(), RSAEncryptionPadding.Pkcs1);
            }
            catch (CryptographicException ex)
            {
                throw new TlsFatalAlert(AlertDescription.internal_error, ex);
            }
        }
    }
}
