using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AmtSim.Firmware.Validation;

/// <summary>
/// Loaded certificates by the SHA-256 of their DER, for the DER overload of the validator: loading
/// an X509Certificate2 costs ~0.3 ms (OpenSSL 3 decodes the public key), and a fleet presents the
/// same chain thousands of times. The cached objects are only read. Bounded: when full it is emptied
/// (evicted certificates are left to the GC, since another validation may still be reading them).
/// </summary>
internal static class DerCertificateCache
{
    private const int Capacity = 1024;
    private static readonly ConcurrentDictionary<(UInt128, UInt128), X509Certificate2> Loaded = new();

    /// <summary>The certificate for <paramref name="der"/>; throws <see cref="CryptographicException"/> when it is not one.</summary>
    public static X509Certificate2 Get(byte[] der)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(der, digest);
        var key = (BinaryPrimitives.ReadUInt128LittleEndian(digest), BinaryPrimitives.ReadUInt128LittleEndian(digest[16..]));
        if (Loaded.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var certificate = X509CertificateLoader.LoadCertificate(der);
        if (Loaded.Count >= Capacity)
        {
            Loaded.Clear();
        }

        return Loaded.GetOrAdd(key, certificate);
    }
}
