namespace AmtSim.Protocol.Hello;

/// <summary>One trusted-root hash as a PKI hello carries it: type code, then the hash bytes.</summary>
public sealed record PkiHelloHash(CertHashType Type, ReadOnlyMemory<byte> Hash)
{
    public static PkiHelloHash FromHex(CertHashType type, string hex) => new(type, Convert.FromHexString(hex));

    public string Hex => Convert.ToHexStringLower(Hash.Span);

    public bool Equals(PkiHelloHash? other) => other is not null && Type == other.Type && Hash.Span.SequenceEqual(other.Hash.Span);

    public override int GetHashCode() => HashCode.Combine(Type, Hex);

    public override string ToString() => $"{Type} {Hex}";
}

/// <summary>
/// The PKI hello a device in setup mode writes to the provisioning server and then closes
/// (amt-reference.md §1.2): little-endian admin-credentials flag, interface version 3, retry
/// count, device UUID (GUID layout: first three fields little-endian), hash count, then per hash
/// type, size and bytes. No IP field: the server uses the TCP peer address.
/// </summary>
public sealed record PkiHello
{
    /// <summary>The PKI hello's interface version (the PSK hello, gone in AMT 11, was 2).</summary>
    public const ushort PkiInterfaceVersion = 3;

    /// <summary>AMT 7+ reports at most 23 hashes in one hello, even if more are embedded. [C]</summary>
    public const int MaxHashes = 23;

    /// <summary>Fixed part: flag (2) + version (2) + retry count (4) + UUID (16) + hash count (1).</summary>
    public const int MinimumLength = 25;

    public bool AdminCredentialsSet { get; init; }

    public ushort Version { get; init; } = PkiInterfaceVersion;

    public uint RetryCount { get; init; }

    public required Guid Uuid { get; init; }

    public required IReadOnlyList<PkiHelloHash> Hashes { get; init; }

    /// <summary>Encoded length in bytes.</summary>
    public int EncodedLength => MinimumLength + Hashes.Sum(h => 2 + h.Hash.Length);

    public bool Equals(PkiHello? other) => other is not null
        && AdminCredentialsSet == other.AdminCredentialsSet
        && Version == other.Version
        && RetryCount == other.RetryCount
        && Uuid == other.Uuid
        && Hashes.SequenceEqual(other.Hashes);

    public override int GetHashCode() => HashCode.Combine(AdminCredentialsSet, Version, RetryCount, Uuid, Hashes.Count);
}
