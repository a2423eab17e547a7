using System.Security.Cryptography;

namespace AmtSim.Pki.Certificates;

/// <summary>Hash of an RSA PKCS#1 v1.5 certificate signature.</summary>
public enum SignatureHash
{
    Sha1,
    Sha256,
    Sha384,
}

public static class SignatureHashExtensions
{
    public static HashAlgorithmName ToHashAlgorithmName(this SignatureHash hash) => hash switch
    {
        SignatureHash.Sha1 => HashAlgorithmName.SHA1,
        SignatureHash.Sha256 => HashAlgorithmName.SHA256,
        SignatureHash.Sha384 => HashAlgorithmName.SHA384,
        _ => throw new ArgumentOutOfRangeException(nameof(hash), hash, "unknown signature hash"),
    };

    /// <summary>OID of the RSA signature algorithm with this hash (sha1WithRSAEncryption, ...).</summary>
    public static string SignatureAlgorithmOid(this SignatureHash hash) => hash switch
    {
        SignatureHash.Sha1 => KnownOids.Sha1WithRsa,
        SignatureHash.Sha256 => KnownOids.Sha256WithRsa,
        SignatureHash.Sha384 => KnownOids.Sha384WithRsa,
        _ => throw new ArgumentOutOfRangeException(nameof(hash), hash, "unknown signature hash"),
    };

    /// <summary>The hash of an RSA signature algorithm OID, or null for one we do not produce.</summary>
    public static SignatureHash? FromSignatureAlgorithmOid(string? oid) => oid switch
    {
        KnownOids.Sha1WithRsa => SignatureHash.Sha1,
        KnownOids.Sha256WithRsa => SignatureHash.Sha256,
        KnownOids.Sha384WithRsa => SignatureHash.Sha384,
        _ => null,
    };

    public static string DisplayName(this SignatureHash hash) => hash switch
    {
        SignatureHash.Sha1 => "SHA-1",
        SignatureHash.Sha256 => "SHA-256",
        SignatureHash.Sha384 => "SHA-384",
        _ => hash.ToString(),
    };
}
