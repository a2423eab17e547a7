using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Tls;
using BcCertificate = Org.BouncyCastle.Crypto.Tls.Certificate;
using BcHashAlgorithm = Org.BouncyCastle.Crypto.Tls.HashAlgorithm;

namespace AmtSim.Firmware.Web.Tls;

/// <summary>
/// The device's TLS server credentials with every private-key operation done by .NET's
/// <see cref="RSA"/> (OpenSSL on Linux) instead of BouncyCastle's managed RSA, which is about ten
/// times slower: ServerKeyExchange signatures (ECDHE_RSA, TLS 1.2) and RSA key-exchange
/// premaster decryption.
/// </summary>
internal sealed class DotNetRsaCredentials(TlsContext context, BcCertificate certificate, RSA privateKey, SignatureAndHashAlgorithm? signatureAlgorithm)
    : TlsSignerCredentials, TlsEncryptionCredentials
{
    public BcCertificate Certificate => certificate;

    public SignatureAndHashAlgorithm? SignatureAndHashAlgorithm => signatureAlgorithm;

    /// <summary>
    /// TLS 1.2 passes the digest of the negotiated hash: PKCS#1 v1.5 with DigestInfo, which is
    /// <see cref="RSA.SignHash(byte[], HashAlgorithmName, RSASignaturePadding)"/>. TLS 1.0/1.1
    /// would pass MD5‖SHA-1 without DigestInfo, which .NET cannot sign; the server offers only RSA
    /// key exchange below TLS 1.2, so that path is never taken.
    /// </summary>
    public byte[] GenerateCertificateSignature(byte[] hash)
    {
        if (signatureAlgorithm is null)
        {
            throw new TlsFatalAlert(AlertDescription.internal_error);
        }

        var name = signatureAlgorithm.Hash switch
        {
            BcHashAlgorithm.sha1 => HashAlgorithmName.SHA1,
            BcHashAlgorithm.sha256 => HashAlgorithmName.SHA256,
            BcHashAlgorithm.sha384 => HashAlgorithmName.SHA384,
            BcHashAlgorithm.sha512 => HashAlgorithmName.SHA512,
            _ => throw new TlsFatalAlert(AlertDescription.internal_error),
        };
        return privateKey.SignHash(hash, name, RSASignaturePadding.Pkcs1);
    }

    /// <summary>
    /// Decrypts the client's premaster secret. On bad padding, wrong length or a wrong version
    /// inside, returns random bytes instead of failing (RFC 5246 §7.4.7.1), so the handshake
    /// fails later at Finished and no padding oracle appears.
    /// </summary>
    public byte[] DecryptPreMasterSecret(byte[] encryptedPreMasterSecret)
    {
        var version = context.ClientVersion;
        byte[]? plain = null;
        try
        {
            plain = privateKey.Decrypt(encryptedPreMasterSecret, RSAEncryptionPadding.Pkcs1);
        }
        catch (CryptographicException)
        {
        }

        if (plain is { Length: 48 } && plain[0] == (byte)version.MajorVersion && plain[1] == (byte)version.MinorVersion)
        {
            return plain;
        }

        var fallback = RandomNumberGenerator.GetBytes(48);
        fallback[0] = (byte)version.MajorVersion;
        fallback[1] = (byte)version.MinorVersion;
        return fallback;
    }
}
