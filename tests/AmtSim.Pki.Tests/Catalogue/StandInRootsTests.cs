using System.Security.Cryptography.X509Certificates;
using AmtSim.Pki.Catalogue;
using AmtSim.Pki.Certificates;
using AmtSim.Pki.Keys;
using AmtSim.Protocol.Hello;

namespace AmtSim.Pki.Tests.Catalogue;

/// <summary>The whole stand-in set of seed 7 (28 keys, from the default key cache after the first run).</summary>
public sealed class StandInRootsFixture
{
    public StandInRoots Roots { get; } = StandInRoots.Create(7);
}

public class StandInRootsTests(StandInRootsFixture fixture) : IClassFixture<StandInRootsFixture>
{
    private readonly StandInRoots _roots = fixture.Roots;

    public static TheoryData<string> EveryDefaultName()
    {
        var names = new TheoryData<string>();
        foreach (var name in DefaultHashTables.Sha1Amt3To10.Concat(DefaultHashTables.Sha256Current).Concat(DefaultHashTables.Sha256Amt11Legacy).Select(e => e.Name).Distinct())
        {
            names.Add(name);
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(EveryDefaultName))]
    public void Find_EveryDefaultTableName_HasAStandInVendor(string name)
        => Assert.NotNull(StandInVendor.Find(name));

    [Fact]
    public void All_Ordinals_AreUniqueAndDense()
        => Assert.Equal(Enumerable.Range(0, StandInVendor.All.Count), StandInVendor.All.Select(v => v.Ordinal));

    [Fact]
    public void Get_Sha1TableAlias_GivesSameRootAsSha256Name()
        => Assert.Same(_roots.Get("VeriSign Class 3 Public Primary CA - G5"), _roots.Get("VeriSign Class 3 PCA-G5"));

    [Fact]
    public void Find_NameCutTo32Characters_FindsVendor()
    {
        // Table entries hold at most 32 characters: "VeriSign Class 3 Public Primary CA - G5" is stored cut short.
        Assert.Equal("VeriSign Class 3 Public Primary CA - G5", StandInVendor.Find("VeriSign Class 3 Public Primary ")?.Name);
        Assert.Null(StandInVendor.Find("VeriSign Class 3"));
    }

    [Fact]
    public void Get_UnknownVendor_ThrowsKeyNotFound()
        => Assert.Throws<KeyNotFoundException>(() => _roots.Get("Contoso Root CA"));

    [Fact]
    public void Get_GoDaddy_IsSelfSignedCaNamedAfterVendor()
    {
        var root = _roots.Get("go daddy class 2 ca");

        Assert.True(root.IsSelfSigned);
        Assert.Equal("AmtSim stand-in Go Daddy Class 2 CA", root.Certificate.GetNameInfo(X509NameType.SimpleName, false));
        Assert.True(root.Certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal(StandInRoots.NotBefore.UtcDateTime, root.Certificate.NotBefore.ToUniversalTime());
        Assert.Equal(StandInRoots.NotAfter.UtcDateTime, root.Certificate.NotAfter.ToUniversalTime());
        Assert.Equal(KnownOids.Sha256WithRsa, root.Certificate.SignatureAlgorithm.Value);
    }

    [Fact]
    public void Get_TwoVendors_HaveDistinctKeys()
        => Assert.NotEqual(_roots.Get("Go Daddy Class 2 CA").Key.BouncyPublicKey.Modulus, _roots.Get("Starfield Class 2 CA").Key.BouncyPublicKey.Modulus);

    [Fact]
    public void Create_OtherSeed_GivesOtherRoot()
    {
        var other = StandInRoots.Create(new CertificateFactory(KeyPool.WithDefaultCache(8)));

        Assert.NotEqual(_roots.Get("Go Daddy Class 2 CA").Der(), other.Get("Go Daddy Class 2 CA").Der());
    }

    [Theory]
    [InlineData(8, CertHashType.Sha1)]
    [InlineData(10, CertHashType.Sha1)]
    [InlineData(11, CertHashType.Sha256)]
    [InlineData(16, CertHashType.Sha256)]
    public void HashFor_Firmware_UsesTableAlgorithmOverStandInDer(int major, CertHashType algorithm)
    {
        var entry = _roots.HashFor("Go Daddy Class 2 CA", major);

        Assert.Equal(algorithm, entry.Algorithm);
        Assert.True(entry.Matches(_roots.Get("Go Daddy Class 2 CA").RawData.Span));
        Assert.Equal("AmtSim Go Daddy Class 2 CA", entry.Name);
        Assert.True(entry.IsActive);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(16)]
    public void TrustedTableFor_Firmware_IsEachDefaultFollowedByItsStandIn(int major)
    {
        var defaults = DefaultHashTables.ForFirmware(major);

        var table = _roots.TrustedTableFor(major);

        Assert.Equal(defaults.Count * 2, table.Count);
        for (var i = 0; i < defaults.Count; i++)
        {
            Assert.Equal(defaults[i], table[2 * i]);
            var standIn = table[(2 * i) + 1];
            Assert.Equal(defaults[i].Algorithm, standIn.Algorithm);
            Assert.True(standIn.Matches(_roots.Get(defaults[i].Name).RawData.Span));
        }
    }

    [Fact]
    public void TrustedTableFor_Amt16_StartsWithRealGoDaddyThenItsStandIn()
    {
        var table = _roots.TrustedTableFor(16);

        Assert.Equal("c3846bf24b9e93ca64274c0ec67c1ecc5e024ffcacd2d74019350e81fe546ae4", table[0].Hex);
        Assert.True(table[1].Matches(_roots.Get("Go Daddy Class 2 CA").RawData.Span));
    }

    [Fact]
    public void TryReadClaim_StandIn_GivesVendorAndSeedAndIsGenuine()
    {
        var root = _roots.Get("DigiCert Global Root G2");

        Assert.True(StandInRoots.TryReadClaim(root.Certificate, out var vendor, out var seed));
        Assert.Equal("DigiCert Global Root G2", vendor.Name);
        Assert.Equal(7, seed);
        Assert.True(_roots.IsGenuine(vendor, root.RawData.Span));
    }

    [Fact]
    public void IsGenuine_LookAlikeWithOtherKey_IsFalse()
    {
        var vendor = StandInVendor.Find("Go Daddy Class 2 CA")!;
        var lookAlike = new CertificateFactory(new KeyPool(7, cache: null)).CreateSelfSigned(StandInRoots.SpecFor(vendor, 7) with { KeyIndex = 999, KeyBits = 1024 });

        Assert.True(StandInRoots.TryReadClaim(lookAlike.Certificate, out _, out _));
        Assert.False(_roots.IsGenuine(vendor, lookAlike.RawData.Span));
    }
}
