using System.Security.Cryptography;

namespace AmtSim.Firmware.Wsman;

/// <summary>Where GenerateKeyPair gets its RSA keys (the seeded key pool plugs in here).</summary>
public interface IKeyPairSource
{
    /// <summary>A new RSA key of <paramref name="bits"/> bits owned by the caller.</summary>
    GeneratedKey CreateKey(int bits);
}

/// <summary>
/// A key from an <see cref="IKeyPairSource"/>, with its SubjectPublicKeyInfo when the source
/// already holds it (a pool key): asking OpenSSL to encode a public key costs about as much as a
/// signature.
/// </summary>
public sealed record GeneratedKey(RSA Key, byte[]? SubjectPublicKeyInfo = null);

/// <summary>Fresh keys from the platform (<see cref="RSA.Create(int)"/>).</summary>
public sealed class RsaKeyPairSource : IKeyPairSource
{
    public static RsaKeyPairSource Instance { get; } = new();

    public GeneratedKey CreateKey(int bits) => new(RSA.Create(bits));
}
