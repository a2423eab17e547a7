using System.Security.Cryptography;

namespace AmtSim.Runtime.Caching;

/// <summary>
/// RSA public keys imported into the platform (OpenSSL) once per distinct SubjectPublicKeyInfo and
/// shared by the process: OpenSSL 3 takes about 150 µs to import a key and 25 µs to verify with one,
/// and a fleet presents the same few keys thousands of times (the provisioning leaf to every device,
/// the seeded pool's keys in every request). The keys are only used to verify and encrypt, which is
/// safe from several threads. Bounded like <see cref="DigestCache{T}"/>.
/// </summary>
public static class RsaPublicKeys
{
    private static readonly DigestCache<RSA> Keys = new(4096);

    /// <summary>The shared key for <paramref name="subjectPublicKeyInfo"/>; one that cannot be read throws <see cref="CryptographicException"/> (and nothing is kept).</summary>
    public static RSA Get(byte[] subjectPublicKeyInfo) => Keys.Get(subjectPublicKeyInfo, Import);

    private static RSA Import(byte[] subjectPublicKeyInfo)
    {
        var key = RSA.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
