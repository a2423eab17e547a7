using System.Security.Cryptography.X509Certificates;

namespace AmtSim.Pki.Certificates;

/// <summary>
/// Everything that decides a generated certificate. Two equal specs issued by the same issuer from
/// the same key pool give byte-identical DER: the serial number comes from (seed, <see cref="Id"/>),
/// the key from (seed, <see cref="KeyIndex"/>, <see cref="KeyBits"/>), and RSA PKCS#1 v1.5
/// signatures are deterministic.
/// </summary>
public sealed record CertificateSpec
{
    /// <summary>Stable label of this certificate (e.g. "prov-valid"); seeds its serial number and PFX salts.</summary>
    public required string Id { get; init; }

    public required SubjectName Subject { get; init; }

    public required CertificateKind Kind { get; init; }

    /// <summary>Index of the subject's key in the pool.</summary>
    public required int KeyIndex { get; init; }

    /// <summary>RSA modulus size, 1024 to 4096.</summary>
    public int KeyBits { get; init; } = 2048;

    /// <summary>Hash of the issuer's signature over this certificate.</summary>
    public SignatureHash SignatureHash { get; init; } = SignatureHash.Sha256;

    /// <summary>Start of validity (whole seconds; anything finer is dropped).</summary>
    public required DateTimeOffset NotBefore { get; init; }

    /// <summary>End of validity; may lie in the past (expired) just as NotBefore may lie in the future.</summary>
    public required DateTimeOffset NotAfter { get; init; }

    /// <summary>Extended key usage OIDs in this order (see <see cref="KnownOids"/>); empty: no EKU extension.</summary>
    public IReadOnlyList<string> ExtendedKeyUsages { get; init; } = [];

    /// <summary>Key usage; null: the default for <see cref="Kind"/>.</summary>
    public X509KeyUsageFlags? KeyUsage { get; init; }

    /// <summary>Path length constraint of a CA; null: none.</summary>
    public int? PathLength { get; init; }

    /// <summary>DNS names for a subject alternative name extension; empty: none.</summary>
    public IReadOnlyList<string> DnsNames { get; init; } = [];

    public bool IncludeSubjectKeyIdentifier { get; init; } = true;

    /// <summary>Authority key identifier from the issuer's SKI (not written for self-signed roots).</summary>
    public bool IncludeAuthorityKeyIdentifier { get; init; } = true;

    /// <summary>Explicit serial number (big-endian, positive); null: derived from the seed and <see cref="Id"/>.</summary>
    public byte[]? SerialNumber { get; init; }

    internal X509KeyUsageFlags EffectiveKeyUsage => KeyUsage ?? Kind switch
    {
        CertificateKind.Leaf => X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment,
        _ => X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature,
    };
}
