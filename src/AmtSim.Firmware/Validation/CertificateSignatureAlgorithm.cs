using System.Collections.Frozen;
using System.Security.Cryptography;

namespace AmtSim.Firmware.Validation;

/// <summary>
/// The certificate signature algorithms the simulated firmware can verify: RSA PKCS#1 v1.5 and
/// ECDSA with the three hashes AMT uses everywhere (SHA-1, SHA-256, SHA-384; the hash-table types
/// of amt-reference.md §1.2). Anything else (MD5, SHA-512, RSA-PSS, DSA, EdDSA) is treated as a
/// signature the device cannot verify: whether some firmware accepts them is unknown [?], and
/// rejecting keeps the simulator from accepting a chain a real device might refuse.
/// </summary>
internal sealed record CertificateSignatureAlgorithm(string Oid, string Name, HashAlgorithmName Hash, bool IsRsa)
{
    private static readonly FrozenDictionary<string, CertificateSignatureAlgorithm> Known = new CertificateSignatureAlgorithm[]
    {
        new("1.2.840.113549.1.1.5", "sha1WithRSAEncryption", HashAlgorithmName.SHA1, IsRsa: true),
        new("1.2.840.113549.1.1.11", "sha256WithRSAEncryption", HashAlgorithmName.SHA256, IsRsa: true),
        new("1.2.840.113549.1.1.12", "sha384WithRSAEncryption", HashAlgorithmName.SHA384, IsRsa: true),
        new("1.2.840.10045.4.1", "ecdsa-with-SHA1", HashAlgorithmName.SHA1, IsRsa: false),
        new("1.2.840.10045.4.3.2", "ecdsa-with-SHA256", HashAlgorithmName.SHA256, IsRsa: false),
        new("1.2.840.10045.4.3.3", "ecdsa-with-SHA384", HashAlgorithmName.SHA384, IsRsa: false),
    }.ToFrozenDictionary(a => a.Oid, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> UnsupportedNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["1.2.840.113549.1.1.4"] = "md5WithRSAEncryption",
        ["1.2.840.113549.1.1.10"] = "RSASSA-PSS",
        ["1.2.840.113549.1.1.13"] = "sha512WithRSAEncryption",
        ["1.2.840.10045.4.3.4"] = "ecdsa-with-SHA512",
        ["1.2.840.10040.4.3"] = "dsa-with-sha1",
        ["1.3.101.112"] = "Ed25519",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public bool UsesSha1 => Hash == HashAlgorithmName.SHA1;

    public static CertificateSignatureAlgorithm? Find(string oid) => Known.GetValueOrDefault(oid);

    /// <summary>"name (oid)" for known-but-unsupported algorithms, else the OID.</summary>
    public static string Describe(string oid) => UnsupportedNames.TryGetValue(oid, out var name) ? $"{name} ({oid})" : oid;

    /// <summary>Verifies <paramref name="signature"/> over <paramref name="signedData"/> with the issuer's public key (no private-key work).</summary>
    public bool Verify(AsymmetricAlgorithm? issuerKey, ReadOnlySpan<byte> signedData, ReadOnlySpan<byte> signature)
    {
        try
        {
            return issuerKey switch
            {
                RSA rsa when IsRsa => rsa.VerifyData(signedData, signature, Hash, RSASignaturePadding.Pkcs1),
                ECDsa ec when !IsRsa => ec.VerifyData(signedData, signature, Hash, DSASignatureFormat.Rfc3279DerSequence),
                _ => false,
            };
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
