using AmtSim.Protocol.Hello;

namespace AmtSim.Pki.Catalogue;

/// <summary>
/// One entry of a device's trusted root-certificate hash table (amt-reference.md §3):
/// name (ANSI, at most 32 bytes), algorithm, hash, IsDefault, IsActive.
/// </summary>
public sealed record TrustedRootHash
{
    public const int MaxNameLength = 32;

    public TrustedRootHash(string name, CertHashType algorithm, ReadOnlySpan<byte> hash, bool isDefault = true, bool isActive = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (hash.Length != algorithm.HashSize())
        {
            throw new ArgumentException($"a {algorithm} hash has {algorithm.HashSize()} bytes, got {hash.Length}", nameof(hash));
        }

        Name = name.Length > MaxNameLength ? name[..MaxNameLength] : name;
        Algorithm = algorithm;
        Hex = Convert.ToHexStringLower(hash);
        IsDefault = isDefault;
        IsActive = isActive;
    }

    public static TrustedRootHash FromHex(string name, CertHashType algorithm, string hex, bool isDefault = true, bool isActive = true)
        => new(name, algorithm, Convert.FromHexString(hex), isDefault, isActive);

    /// <summary>Entry whose hash is computed over a certificate's DER.</summary>
    public static TrustedRootHash ForCertificate(string name, CertHashType algorithm, ReadOnlySpan<byte> certificateDer, bool isDefault = false, bool isActive = true)
        => new(name, algorithm, algorithm.Compute(certificateDer), isDefault, isActive);

    public string Name { get; }
    public CertHashType Algorithm { get; }

    /// <summary>The hash as lower-case hex (value equality of records works on it).</summary>
    public string Hex { get; }

    public bool IsDefault { get; init; }
    public bool IsActive { get; init; }

    public byte[] HashBytes() => Convert.FromHexString(Hex);

    /// <summary>True when this entry's algorithm applied to <paramref name="certificateDer"/> gives this hash.</summary>
    public bool Matches(ReadOnlySpan<byte> certificateDer)
        => string.Equals(Convert.ToHexStringLower(Algorithm.Compute(certificateDer)), Hex, StringComparison.Ordinal);

    public override string ToString() => $"{Name} ({Algorithm}{(IsActive ? "" : ", inactive")}) {Hex}";
}
