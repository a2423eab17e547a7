using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace AmtSim.Firmware.Validation;

/// <summary>
/// Remembers signatures that verified, keyed by a SHA-256 over exactly what the verification
/// depends on (signed bytes, algorithm identifier, signature value, issuer SubjectPublicKeyInfo),
/// each length-prefixed. A hit therefore means "these very bytes verified before"; failures are
/// never cached. It exists for fleets: importing an RSA public key into OpenSSL 3 costs ~0.2-0.3 ms,
/// about ten times the verification itself, and 10,000 devices see the same few chains.
/// Bounded: when full it is emptied, which costs only re-verification.
/// </summary>
internal static class SignatureVerificationCache
{
    private const int Capacity = 4096;
    private static readonly ConcurrentDictionary<(UInt128, UInt128), byte> Verified = new();

    public static (UInt128, UInt128) KeyOf(in SignedParts parts, ReadOnlySpan<byte> issuerSubjectPublicKeyInfo)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, parts.Tbs.Span);
        Append(hash, parts.OuterAlgorithm.Span);
        Append(hash, parts.Signature);
        Append(hash, issuerSubjectPublicKeyInfo);
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return (BinaryPrimitives.ReadUInt128LittleEndian(digest), BinaryPrimitives.ReadUInt128LittleEndian(digest[16..]));
    }

    public static bool IsKnownGood((UInt128, UInt128) key) => Verified.ContainsKey(key);

    public static void RememberGood((UInt128, UInt128) key)
    {
        if (Verified.Count >= Capacity)
        {
            Verified.Clear();
        }

        Verified.TryAdd(key, 0);
    }

    private static void Append(IncrementalHash hash, ReadOnlySpan<byte> field)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, field.Length);
        hash.AppendData(length);
        hash.AppendData(field);
    }
}
