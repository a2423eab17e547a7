using System.Security.Cryptography;
using AmtSim.Pki.Keys;
using Org.BouncyCastle.Math;

namespace AmtSim.Pki.Tests.Keys;

public class KeyPoolTests
{
    [Fact]
    public void Get_SameSeedIndexAndBits_GivesByteIdenticalKeys()
    {
        var first = new KeyPool(42, cache: null).Get(3, 1024);
        var second = new KeyPool(42, cache: null).Get(3, 1024);

        Assert.Equal(first.Pkcs8Der(), second.Pkcs8Der());
    }

    [Fact]
    public void Generate_KnownSeed_GivesPinnedKey()
    {
        // Pins the generator: a change in BouncyCastle, the DRBG or the seed derivation would silently
        // change every key, certificate and fixture, and stale caches would disagree with fresh runs.
        var key = KeyPool.Generate(7, 0, 1024);

        Assert.Equal("18c6896b9a678d52", Convert.ToHexStringLower(SHA256.HashData(key.SubjectPublicKeyInfoDer()))[..16]);
    }

    [Theory]
    [InlineData(43, 3, 1024)]
    [InlineData(42, 4, 1024)]
    [InlineData(42, 3, 1032)]
    public void Get_OtherSeedIndexOrBits_GivesAnotherKey(long seed, int index, int bits)
    {
        var reference = new KeyPool(42, cache: null).Get(3, 1024);
        var other = new KeyPool(seed, cache: null).Get(index, bits);

        Assert.NotEqual(reference.BouncyPublicKey.Modulus, other.BouncyPublicKey.Modulus);
    }

    [Theory]
    [InlineData(512)]
    [InlineData(1000)]
    [InlineData(8192)]
    public void Get_UnsupportedSize_Throws(int bits)
        => Assert.Throws<ArgumentOutOfRangeException>(() => new KeyPool(1, cache: null).Get(0, bits));

    [Fact]
    public void Get_Key_HasRequestedSizeAndExponent()
    {
        var key = new KeyPool(5, cache: null).Get(0, 1280);

        Assert.Equal(1280, key.BouncyPublicKey.Modulus.BitLength);
        Assert.Equal(BigInteger.ValueOf(65537), key.BouncyPublicKey.Exponent);
        using var rsa = key.CreateRsa();
        Assert.Equal(1280, rsa.KeySize);
    }

    [Fact]
    public void CreateRsa_Signature_VerifiesWithBouncyCastlePublicKey()
    {
        var key = new KeyPool(5, cache: null).Get(1, 1024);
        var data = "provisioning"u8.ToArray();
        using var rsa = key.CreateRsa();
        var signature = rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        var verifier = Org.BouncyCastle.Security.SignerUtilities.GetSigner("SHA256withRSA");
        verifier.Init(false, key.BouncyPublicKey);
        verifier.BlockUpdate(data, 0, data.Length);
        Assert.True(verifier.VerifySignature(signature));
    }

    [Fact]
    public void Get_SecondPoolOnSameCache_ReadsKeyFromCache()
    {
        using var folder = new TempDirectory();
        var first = new KeyPool(11, new KeyCache(folder.Path));
        var generated = first.Get(0, 1024);
        var second = new KeyPool(11, new KeyCache(folder.Path));

        var cached = second.Get(0, 1024);

        Assert.Equal(generated.Pkcs8Der(), cached.Pkcs8Der());
        Assert.Equal(new KeyPoolStatistics(1, 0, 0, first.Statistics.GenerationTime), first.Statistics);
        Assert.Equal(1, second.Statistics.CacheHits);
        Assert.Equal(0, second.Statistics.Generated);
        Assert.True(File.Exists(new KeyCache(folder.Path).PathFor(11, 0, 1024)));
    }

    [Fact]
    public void Get_ThirdPoolOnSameCache_TakesTheKeyReadInThisProcess_UntilTheFileChanges()
    {
        using var folder = new TempDirectory();
        var cache = new KeyCache(folder.Path);
        new KeyPool(14, cache).Get(0, 1024);
        var read = new KeyPool(14, cache).Get(0, 1024);

        var again = new KeyPool(14, cache);
        Assert.Same(read, again.Get(0, 1024));
        Assert.Equal(1, again.Statistics.CacheHits);

        // A file edited since is read (and here repaired) again, not answered from memory.
        File.WriteAllText(cache.PathFor(14, 0, 1024), "garbage");
        var repaired = new KeyPool(14, cache);
        Assert.NotSame(read, repaired.Get(0, 1024));
        Assert.Equal(1, repaired.Statistics.CacheRepairs);
    }

    [Fact]
    public void Get_CachedKey_EqualsUncachedGeneration()
    {
        using var folder = new TempDirectory();
        new KeyPool(12, new KeyCache(folder.Path)).Get(2, 1024);

        var cached = new KeyPool(12, new KeyCache(folder.Path)).Get(2, 1024);

        Assert.Equal(KeyPool.Generate(12, 2, 1024).Pkcs8Der(), cached.Pkcs8Der());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")]
    [InlineData("")]
    public void Get_CorruptCacheFile_RegeneratesAndRepairsIt(string content)
    {
        using var folder = new TempDirectory();
        var cache = new KeyCache(folder.Path);
        File.WriteAllText(cache.PathFor(13, 0, 1024), content);
        var pool = new KeyPool(13, cache);

        var key = pool.Get(0, 1024);

        Assert.Equal(KeyPool.Generate(13, 0, 1024).Pkcs8Der(), key.Pkcs8Der());
        Assert.Equal(1, pool.Statistics.CacheRepairs);
        Assert.Equal(1, pool.Statistics.Generated);
        Assert.Equal(key.ToPem(), File.ReadAllText(cache.PathFor(13, 0, 1024)));
    }

    [Fact]
    public void Get_CachedKeyWithAWrongCrtExponent_IsRegenerated()
    {
        // A well-formed PKCS#8 key whose dP is not d mod (p-1): it would sign wrongly, so it is corrupt.
        using var folder = new TempDirectory();
        var cache = new KeyCache(folder.Path);
        using var good = KeyPool.Generate(15, 0, 1024).CreateRsa();
        var p = good.ExportParameters(includePrivateParameters: true);
        var dp = (byte[])p.DP!.Clone();
        dp[^1] ^= 0x02;
        File.WriteAllText(cache.PathFor(15, 0, 1024), System.Security.Cryptography.PemEncoding.WriteString("PRIVATE KEY", Pkcs8(p with { DP = dp })) + "\n");
        var pool = new KeyPool(15, cache);

        var key = pool.Get(0, 1024);

        Assert.Equal(1, pool.Statistics.CacheRepairs);
        Assert.Equal(KeyPool.Generate(15, 0, 1024).Pkcs8Der(), key.Pkcs8Der());

        static byte[] Pkcs8(System.Security.Cryptography.RSAParameters k)
        {
            var inner = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
            using (inner.PushSequence())
            {
                inner.WriteInteger(0);
                foreach (var part in new[] { k.Modulus, k.Exponent, k.D, k.P, k.Q, k.DP, k.DQ, k.InverseQ })
                {
                    inner.WriteIntegerUnsigned(part);
                }
            }

            var outer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
            using (outer.PushSequence())
            {
                outer.WriteInteger(0);
                using (outer.PushSequence())
                {
                    outer.WriteObjectIdentifier("1.2.840.113549.1.1.1");
                    outer.WriteNull();
                }

                outer.WriteOctetString(inner.Encode());
            }

            return outer.Encode();
        }
    }

    [Fact]
    public void Get_CorruptCacheFile_LogsWarningNamingTheFile()
    {
        using var folder = new TempDirectory();
        var cache = new KeyCache(folder.Path);
        File.WriteAllText(cache.PathFor(17, 0, 1024), "garbage");
        var logger = new RecordingLogger();

        new KeyPool(17, cache, logger).Get(0, 1024);

        var warning = Assert.Single(logger.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Equal(1002, warning.EventId);
        Assert.Contains(cache.PathFor(17, 0, 1024), warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_CacheFileHoldingAnotherKeySize_IsTreatedAsCorrupt()
    {
        using var folder = new TempDirectory();
        var cache = new KeyCache(folder.Path);
        File.WriteAllText(cache.PathFor(14, 0, 1024), KeyPool.Generate(14, 0, 1032).ToPem());
        var pool = new KeyPool(14, cache);

        var key = pool.Get(0, 1024);

        Assert.Equal(1024, key.BouncyPublicKey.Modulus.BitLength);
        Assert.Equal(1, pool.Statistics.CacheRepairs);
    }

    [Fact]
    public void Get_UnwritableCacheFolder_StillGivesTheKey()
    {
        using var folder = new TempDirectory();
        var blocker = folder.File("not-a-folder");
        File.WriteAllText(blocker, "a file where the cache folder should be");
        var pool = new KeyPool(15, new KeyCache(Path.Combine(blocker, "keys")));

        var key = pool.Get(0, 1024);

        Assert.Equal(KeyPool.Generate(15, 0, 1024).Pkcs8Der(), key.Pkcs8Der());
    }

    [Fact]
    public void Warm_SeveralKeys_GeneratesEachOnce()
    {
        var pool = new KeyPool(16, cache: null);

        pool.Warm([new KeyRequest(0, 1024), new KeyRequest(1, 1024), new KeyRequest(0, 1024)]);
        pool.Get(1, 1024);

        Assert.Equal(2, pool.Statistics.Generated);
    }

    [Fact]
    public void DefaultDirectory_EnvironmentVariableSet_WinsOverXdg()
    {
        var env = new Dictionary<string, string?> { ["AMTSIM_KEY_CACHE"] = "/k", ["XDG_CACHE_HOME"] = "/x" };

        Assert.Equal("/k", KeyCache.DefaultDirectory(name => env.GetValueOrDefault(name), "/home/u"));
    }

    [Fact]
    public void DefaultDirectory_OnlyXdgSet_UsesXdgCacheHome()
        => Assert.Equal("/x/amtsim/keys", KeyCache.DefaultDirectory(name => name == "XDG_CACHE_HOME" ? "/x" : null, "/home/u"));

    [Fact]
    public void DefaultDirectory_NothingSet_UsesHomeDotCache()
        => Assert.Equal("/home/u/.cache/amtsim/keys", KeyCache.DefaultDirectory(_ => null, "/home/u"));
}

internal sealed class RecordingLogger : Microsoft.Extensions.Logging.ILogger
{
    public List<(Microsoft.Extensions.Logging.LogLevel Level, int EventId, string Message)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

    public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Entries)
        {
            Entries.Add((logLevel, eventId.Id, formatter(state, exception)));
        }
    }
}
