using System.Collections.Concurrent;
using System.Security.Cryptography;
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
    private const int CachedKeys = 4096;
    private readonly byte[] _encoding = encoding;
    private RSA? _publicKey;

    /// <summary>The certificate's bytes as the peer sent them (a copy), not re-encoded from the parsed structure: what firmware checks is what arrived.</summary>
    public override byte[] GetEncoded() => (byte[])_encoding.Clone();

    /// <summary>Public keys by SubjectPublicKeyInfo: a fleet presents the same provisioning leaf to every device.</summary>
    private static readonly ConcurrentDictionary<string, RSA> Keys = new(StringComparer.Ordinal);

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

    private RSA SharedPublicKey()
    {
        var spki = SubjectPublicKeyInfo.GetDerEncoded();
        var id = System.Convert.ToBase64String(spki);
        if (Keys.TryGetValue(id, out var cached))
        {
            return cached;
        }

        var key = RSA.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(spki, out _);
        }
        catch (CryptographicException ex)
        {
            key.Dispose();
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "the certificate's RSA public key cannot be read", ex);
        }

        if (Keys.Count >= CachedKeys)
        {
            // Bounded: a fleet's distinct device certificates must not pile up (evicted keys are left to the GC, a handshake may still use one).
            Keys.Clear();
        }

        var shared = Keys.GetOrAdd(id, key);
        if (!ReferenceEquals(shared, key))
        {
            key.Dispose();
        }

        return shared;
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
