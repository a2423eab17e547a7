using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Tls;
using TlsHash = Org.BouncyCastle.Crypto.Tls.HashAlgorithm;
using BcCertificate = Org.BouncyCastle.Crypto.Tls.Certificate;

namespace AmtSim.Transport.Tls;

/// <summary>
/// BouncyCastle TLS credentials whose private-key operations run on .NET's RSA (OpenSSL):
/// BouncyCastle's managed RSA is about ten times slower here and must stay off every hot path.
/// One instance serves both roles: signing (CertificateVerify, ServerKeyExchange) and RSA
/// key-exchange decryption.
/// </summary>
public sealed class DotNetRsaTlsCredentials : TlsSignerCredentials, TlsEncryptionCredentials
{
    private readonly TlsContext _context;
    private readonly RSA _key;

    /// <param name="context">The TLS context (negotiated version, client version for the premaster check).</param>
    /// <param name="certificate">The chain to present, leaf first.</param>
    /// <param name="key">The leaf's private key.</param>
    /// <param name="signatureAlgorithm">TLS 1.2 signature and hash algorithm; null for TLS 1.0/1.1 (MD5‖SHA-1).</param>
    public DotNetRsaTlsCredentials(TlsContext context, BcCertificate certificate, RSA key, SignatureAndHashAlgorithm? signatureAlgorithm)
    {
        _context = context;
        _key = key;
        Certificate = certificate;
        SignatureAndHashAlgorithm = signatureAlgorithm!;
    }

    public BcCertificate Certificate { get; }

    public SignatureAndHashAlgorithm SignatureAndHashAlgorithm { get; }

    /// <summary>
    /// Signs the handshake hash BouncyCastle computed: with a TLS 1.2 algorithm, a PKCS#1 v1.5
    /// signature over that digest (DigestInfo included); before TLS 1.2, a raw PKCS#1 signature of
    /// the 36-byte MD5‖SHA-1 concatenation.
    /// </summary>
    public byte[] GenerateCertificateSignature(byte[] hash)
    {
        if (SignatureAndHashAlgorithm is null)
        {
            return RawRsa.SignPkcs1(_key, hash);
        }

        var name = SignatureAndHashAlgorithm.Hash switch
        {
            TlsHash.sha1 => HashAlgorithmName.SHA1,
            TlsHash.sha256 => HashAlgorithmName.SHA256,
            TlsHash.sha384 => HashAlgorithmName.SHA384,
            TlsHash.sha512 => HashAlgorithmName.SHA512,
            var other => throw new TlsFatalAlert(AlertDescription.internal_error, new NotSupportedException($"TLS hash algorithm {other}")),
        };
        return _key.SignHash(hash, name, RSASignaturePadding.Pkcs1);
    }

    /// <summary>
    /// Decrypts the RSA-encrypted premaster secret. On bad padding, a wrong length or a wrong
    /// version inside, returns random bytes carrying the client's offered version instead of
    /// failing (RFC 5246 §7.4.7.1), so the handshake fails later at Finished and no padding oracle appears.
    /// </summary>
    public byte[] DecryptPreMasterSecret(byte[] encryptedPreMasterSecret)
    {
        var version = _context.ClientVersion;
        byte[]? plain = null;
        try
        {
            plain = _key.Decrypt(encryptedPreMasterSecret, RSAEncryptionPadding.Pkcs1);
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
