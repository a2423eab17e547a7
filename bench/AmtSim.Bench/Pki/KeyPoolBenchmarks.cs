using AmtSim.Pki.Keys;
using BenchmarkDotNet.Attributes;

namespace AmtSim.Bench.Pki;

/// <summary>
/// Seeded RSA generation against a key-cache hit:
/// <c>dotnet run -c Release --project bench/AmtSim.Bench -- --filter '*KeyPool*'</c>.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class KeyPoolBenchmarks
{
    private string _cacheDirectory = "";

    [Params(1024, 2048)]
    public int Bits { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _cacheDirectory = Path.Combine(Path.GetTempPath(), "amtsim-bench-keys-" + Guid.NewGuid().ToString("N"));
        new KeyPool(1, new KeyCache(_cacheDirectory)).Get(0, Bits);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_cacheDirectory, recursive: true);

    /// <summary>BouncyCastle's RSA generator over the seeded DRBG, no cache.</summary>
    [Benchmark]
    public SeededKey Generate() => KeyPool.Generate(1, 0, Bits);

    /// <summary>A new pool reading the same key from the disk cache (PEM parse and consistency check).</summary>
    [Benchmark]
    public SeededKey CacheHit() => new KeyPool(1, new KeyCache(_cacheDirectory)).Get(0, Bits);
}
