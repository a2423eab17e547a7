using System.Security.Cryptography;
using AmtSim.Firmware.Wsman;
using AmtSim.Pki.Keys;
using AmtSim.Runtime.Determinism;

namespace AmtSim.Scenarios.World;

/// <summary>
/// Keys for a scenario world, from a small seeded pool so key generation stays out of the run:
/// the pool's keys are generated once (about a second each) and cached on disk; devices draw
/// from it by (run seed, device index), so the same seed gives the same keys and certificates.
/// </summary>
public sealed class WorldKeys
{
    /// <summary>Fixed seed of the world key pool: keys are shared by every run, whatever its seed.</summary>
    public const long PoolSeed = 2026;

    /// <summary>Keys in the pool for device setup certificates and GenerateKeyPair.</summary>
    public const int DeviceKeys = 8;

    /// <summary>First pool index used (KeySlots.Others + 0 is the enterprise CA).</summary>
    public const int CaKeyIndex = KeySlots.Others;

    private readonly KeyPool _pool;
    private readonly long _runSeed;

    public WorldKeys(long runSeed, KeyPool? pool = null)
    {
        _runSeed = runSeed;
        _pool = pool ?? KeyPool.WithDefaultCache(PoolSeed);
    }

    public KeyPool Pool => _pool;

    /// <summary>The enterprise CA's key.</summary>
    public SeededKey CaKey => _pool.Get(CaKeyIndex);

    /// <summary>The key device <paramref name="deviceIndex"/> uses for draw number <paramref name="draw"/> (0 = its setup certificate).</summary>
    public SeededKey DeviceKey(int deviceIndex, int draw)
        => _pool.Get(CaKeyIndex + 1 + (int)((uint)SeedDerivation.Derive(_runSeed, deviceIndex, $"world/key/{draw}") % DeviceKeys));

    /// <summary>Generates (or loads) every pool key up front, so no run pays for key generation mid-flight.</summary>
    public void Warm() => _pool.Warm([new KeyRequest(CaKeyIndex, KeyPool.DefaultBits), .. Enumerable.Range(CaKeyIndex + 1, DeviceKeys).Select(i => new KeyRequest(i, KeyPool.DefaultBits))]);

    /// <summary>GenerateKeyPair for one device: successive draws from the pool.</summary>
    public IKeyPairSource SourceFor(int deviceIndex) => new DeviceKeySource(this, deviceIndex);

    private sealed class DeviceKeySource(WorldKeys keys, int deviceIndex) : IKeyPairSource
    {
        private int _draw;

        public GeneratedKey CreateKey(int bits)
        {
            if (bits != KeyPool.DefaultBits)
            {
                return new GeneratedKey(RSA.Create(bits));
            }

            var key = keys.DeviceKey(deviceIndex, Interlocked.Increment(ref _draw));
            return new GeneratedKey(key.CreateRsa(), key.SubjectPublicKeyInfoDer());
        }
    }
}
