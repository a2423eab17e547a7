using System.Security.Cryptography;

namespace AmtSim.Firmware.Wsman;

/// <summary>Where GenerateKeyPair gets its RSA keys (the seeded key pool plugs in here).</summary>
public interface IKeyPairSource
{
    /// <summary>A new RSA key of <paramref name="bits"/> bits owned by the caller.</summary>
    RSA CreateKey(int bits);
}

/// <summary>Fresh keys from the platform (<see cref="RSA.Create(int)"/>).</summary>
public sealed class RsaKeyPairSource : IKeyPairSource
{
    public static RsaKeyPairSource Instance { get; } = new();

    public RSA CreateKey(int bits) => RSA.Create(bits);
}
