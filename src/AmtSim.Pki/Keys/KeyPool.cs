using System.Collections.Concurrent;
using System.Security.Cryptography;
using AmtSim.Runtime.Determinism;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace AmtSim.Pki.Keys;

/// <summary>
/// Seeded RSA keys: the same (seed, index, bits) gives byte-identical keys on every machine.
/// Generation uses BouncyCastle's RSA generator over a SHA-256 DRBG seeded with
/// <c>SeedDerivation.DeriveBytes(seed, index, "rsa-&lt;bits&gt;")</c> (.NET's own RSA cannot be seeded);
/// keys are kept in memory and in an on-disk <see cref="KeyCache"/>.
/// </summary>
public sealed partial class KeyPool
{
    public const int MinBits = 1024;
    public const int MaxBits = 4096;
    public const int DefaultBits = 2048;

    /// <summary>Miller-Rabin certainty passed to the generator (BouncyCastle raises it to the FIPS minimum for the size).</summary>
    private const int PrimeCertainty = 100;

    private readonly ConcurrentDictionary<KeyRequest, Lazy<SeededKey>> _keys = new();

    /// <summary>
    /// Keys read from cache files in this process, by the file's exact text: every world makes its own
    /// pool, and reading a key (BouncyCastle checks its modulus with Miller-Rabin, OpenSSL imports it)
    /// cost each scenario about as much as a small run. A file whose text changed is read again.
    /// </summary>
    private static readonly ConcurrentDictionary<(long Seed, KeyRequest Request, string Text), SeededKey> Loaded = new();

    /// <summary>Keys kept in <see cref="Loaded"/> before it is emptied (a world uses nine).</summary>
    private const int MaxLoaded = 256;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private int _generated;
    private int _cacheHits;
    private int _cacheRepairs;
    private long _generationTicks;

    public KeyPool(long seed, KeyCache? cache, ILogger? logger = null, TimeProvider? time = null)
    {
        Seed = seed;
        Cache = cache;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>A pool backed by the default cache folder (see <see cref="KeyCache.Default"/>).</summary>
    public static KeyPool WithDefaultCache(long seed, ILogger? logger = null) => new(seed, KeyCache.Default(), logger);

    public long Seed { get; }

    /// <summary>The on-disk cache, or null for a pool that only keeps keys in memory.</summary>
    public KeyCache? Cache { get; }

    public KeyPoolStatistics Statistics => new(
        Volatile.Read(ref _generated),
        Volatile.Read(ref _cacheHits),
        Volatile.Read(ref _cacheRepairs),
        TimeSpan.FromTicks(Interlocked.Read(ref _generationTicks)));

    /// <summary>The key at <paramref name="index"/> of size <paramref name="bits"/> (1024 to 4096, a multiple of 8).</summary>
    public SeededKey Get(int index, int bits = DefaultBits)
    {
        ValidateBits(bits);
        return _keys.GetOrAdd(new KeyRequest(index, bits), request => new Lazy<SeededKey>(() => Load(request))).Value;
    }

    /// <summary>Obtains several keys at once, generating missing ones in parallel.</summary>
    public void Warm(IEnumerable<KeyRequest> requests)
    {
        var distinct = requests.Distinct().ToList();
        foreach (var request in distinct)
        {
            ValidateBits(request.Bits);
        }

        Parallel.ForEach(distinct, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, request => Get(request.Index, request.Bits));
    }

    /// <summary>Generates a key without any cache: the reference the cache must agree with.</summary>
    public static SeededKey Generate(long seed, int index, int bits)
    {
        ValidateBits(bits);
        var random = SecureRandom.GetInstance("SHA256PRNG", autoSeed: false);
        random.SetSeed(SeedDerivation.DeriveBytes(seed, index, $"rsa-{bits}", 32));
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(65537), random, bits, PrimeCertainty));
        var privateKey = (RsaPrivateCrtKeyParameters)generator.GenerateKeyPair().Private;
        var pkcs8 = PrivateKeyInfoFactory.CreatePrivateKeyInfo(privateKey).GetDerEncoded();
        return new SeededKey(seed, index, bits, privateKey, pkcs8);
    }

    private static void ValidateBits(int bits)
    {
        if (bits is < MinBits or > MaxBits || bits % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, $"RSA key size must be {MinBits} to {MaxBits} bits, a multiple of 8");
        }
    }

    private SeededKey Load(KeyRequest request)
    {
        string? path = null;
        if (Cache is not null)
        {
            path = Cache.PathFor(Seed, request.Index, request.Bits);
            var text = Cache.TryRead(path);
            if (text is not null)
            {
                if (Loaded.TryGetValue((Seed, request, text), out var known))
                {
                    Interlocked.Increment(ref _cacheHits);
                    return known;
                }

                var cached = TryParse(text, request.Bits);
                if (cached is not null)
                {
                    Interlocked.Increment(ref _cacheHits);
                    var read = new SeededKey(Seed, request.Index, request.Bits, privateKey: null, cached);
                    if (Loaded.Count >= MaxLoaded)
                    {
                        Loaded.Clear();
                    }

                    return Loaded.GetOrAdd((Seed, request, text), read);
                }

                Interlocked.Increment(ref _cacheRepairs);
                Log.CorruptCacheFile(_logger, path);
            }
        }

        var started = _time.GetTimestamp();
        var key = Generate(Seed, request.Index, request.Bits);
        var elapsed = _time.GetElapsedTime(started);
        Interlocked.Increment(ref _generated);
        Interlocked.Add(ref _generationTicks, elapsed.Ticks);
        Log.KeyGenerated(_logger, request.Bits, request.Index, Seed, elapsed.TotalMilliseconds);

        if (Cache is not null && path is not null)
        {
            var error = Cache.TryWrite(path, key.ToPem());
            if (error is not null)
            {
                Log.CacheWriteFailed(_logger, path, error.Message);
            }
        }

        return key;
    }

    /// <summary>
    /// Reads a cached PKCS#8 PEM and checks it is a consistent RSA key of the right size in the
    /// canonical encoding (the modulus is the primes' product, the exponents and the CRT coefficient
    /// agree with them); anything else (truncated, edited, another size) counts as corrupt. Through
    /// .NET (OpenSSL) and System.Numerics, so BouncyCastle's view of the key is only made if needed.
    /// </summary>
    private static byte[]? TryParse(string pem, int bits)
    {
        try
        {
            var fields = PemEncoding.Find(pem);
            if (!pem.AsSpan()[fields.Label].SequenceEqual("PRIVATE KEY"))
            {
                return null;
            }

            var der = Convert.FromBase64String(pem[fields.Base64Data]);
            using var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(der, out var read);
            if (read != der.Length || !rsa.ExportPkcs8PrivateKey().AsSpan().SequenceEqual(der))
            {
                return null;
            }

            var p = rsa.ExportParameters(includePrivateParameters: true);
            return Consistent(p, bits) ? der : null;
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException or ArgumentException)
        {
            return null;
        }
    }

    private static bool Consistent(RSAParameters key, int bits)
    {
        static System.Numerics.BigInteger Of(byte[]? bytes) => bytes is null ? System.Numerics.BigInteger.Zero : new(bytes, isUnsigned: true, isBigEndian: true);
        var (n, e, d, p, q) = (Of(key.Modulus), Of(key.Exponent), Of(key.D), Of(key.P), Of(key.Q));
        var (dp, dq, qInv) = (Of(key.DP), Of(key.DQ), Of(key.InverseQ));
        if (n.GetBitLength() != bits || e != 65537 || p <= 1 || q <= 1 || p * q != n)
        {
            return false;
        }

        var (p1, q1) = (p - 1, q - 1);
        return (e * d) % p1 == 1 && (e * d) % q1 == 1 && dp == d % p1 && dq == d % q1 && (qInv * q) % p == 1;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Generated RSA-{Bits} key #{Index} of seed {Seed} in {ElapsedMs} ms")]
        public static partial void KeyGenerated(ILogger logger, int bits, int index, long seed, double elapsedMs);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Key cache file {Path} is corrupt; generating the key again")]
        public static partial void CorruptCacheFile(ILogger logger, string path);

        [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Could not write key cache file {Path}: {Error}")]
        public static partial void CacheWriteFailed(ILogger logger, string path, string error);

        // Block 1000-1099 (docs/ARCHITECTURE.md); highest id: 1003
    }
}
