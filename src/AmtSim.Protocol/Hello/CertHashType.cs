namespace AmtSim.Protocol.Hello;

/// <summary>
/// Hash algorithm of a trusted root entry, with the type codes the PKI hello uses
/// (amt-reference.md §1.2: 1 SHA-1/20 bytes, 2 SHA-256/32 bytes, 3 SHA-384/48 bytes).
/// </summary>
public enum CertHashType : byte
{
    Sha1 = 1,
    Sha256 = 2,
    Sha384 = 3,
}

public static class CertHashTypeExtensions
{
    /// <summary>Length in bytes of a hash of this type.</summary>
    public static int HashSize(this CertHashType type) => type switch
    {
        CertHashType.Sha1 => 20,
        CertHashType.Sha256 => 32,
        CertHashType.Sha384 => 48,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown certificate hash type"),
    };

    /// <summary>Hashes <paramref name="data"/> (a certificate's DER) with this algorithm.</summary>
    public static byte[] Compute(this CertHashType type, ReadOnlySpan<byte> data) => type switch
    {
        CertHashType.Sha1 => System.Security.Cryptography.SHA1.HashData(data),
        CertHashType.Sha256 => System.Security.Cryptography.SHA256.HashData(data),
        CertHashType.Sha384 => System.Security.Cryptography.SHA384.HashData(data),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown certificate hash type"),
    };
}
