using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace AmtSim.Runtime.Caching;

/// <summary>
/// Values made from byte strings (a certificate's DER), found again by the SHA-256 of the bytes: a
/// fleet presents the same chain thousands of times, and parsing it costs far more than hashing it.
/// The values are shared and only read. Bounded: when full it is emptied (evicted values are left
/// to the GC, since a caller may still be reading one).
/// </summary>
public sealed class DigestCache<T>(int capacity)
    where T : class
{
    private readonly ConcurrentDictionary<(UInt128, UInt128), T> _values = new();

    /// <summary>The value for <paramref name="bytes"/>, made by <paramref name="create"/> the first time (whatever it throws reaches the caller, and nothing is kept).</summary>
    public T Get(byte[] bytes, Func<byte[], T> create)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(bytes, digest);
        var key = (BinaryPrimitives.ReadUInt128LittleEndian(digest), BinaryPrimitives.ReadUInt128LittleEndian(digest[16..]));
        if (_values.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var made = create(bytes);
        if (_values.Count >= capacity)
        {
            _values.Clear();
        }

        return _values.GetOrAdd(key, made);
    }
}
