using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Pki.Certificates;
using AmtSim.Pki.Keys;

namespace AmtSim.Pki.Tests.Certificates;

public class CertificateFactoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static CertificateSpec RootSpec(int bits = 1024) => new()
    {
        Id = "test-root",
        Subject = new SubjectName("Test Root", "Roots", "AmtSim Tests"),
        Kind = CertificateKind.Root,
        KeyIndex = 0,
        KeyBits = bits,
        NotBefore = Now.AddYears(-5),
        NotAfter = Now.AddYears(5),
    };

    private static CertificateSpec IntermediateSpec() => new()
    {
        Id = "test-int",
        Subject = new SubjectName("Test Intermediate", null, "AmtSim Tests"),
        Kind = CertificateKind.Intermediate,
        KeyIndex = 1,
        KeyBits = 1024,
        PathLength = 0,
        NotBefore = Now.AddYears(-2),
        NotAfter = Now.AddYears(2),
    };

    private static CertificateSpec LeafSpec() => new()
    {
        Id = "test-leaf",
        Subject = new SubjectName("oobsp.contoso.com", KnownOids.AmtSetupOrganizationalUnit, "Contoso Ltd", "US"),
        Kind = CertificateKind.Leaf,
        KeyIndex = 2,
        KeyBits = 1024,
        NotBefore = Now.AddDays(-1),
        NotAfter = Now.AddDays(364),
        ExtendedKeyUsages = [KnownOids.ServerAuthentication, KnownOids.AmtSetup],
        DnsNames = ["oobsp.contoso.com"],
    };

    /// <summary>Pools on the default disk cache shared by the tests (key generation is the slow part); the determinism test uses fresh ones.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<long, KeyPool> Pools = new();

    private static (GeneratedCertificate Root, GeneratedCertificate Intermediate, GeneratedCertificate Leaf) Chain(long seed, CertificateSpec? leaf = null, bool freshKeys = false)
    {
        var keys = freshKeys ? KeyPool.WithDefaultCache(seed) : Pools.GetOrAdd(seed, s => KeyPool.WithDefaultCache(s));
        var factory = new CertificateFactory(keys);
        var root = factory.CreateSelfSigned(RootSpec());
        var intermediate = factory.Issue(IntermediateSpec(), root);
        return (root, intermediate, factory.Issue(leaf ?? LeafSpec(), intermediate));
    }

    [Fact]
    public void Issue_SameSeedAndSpecs_GivesByteIdenticalDer()
    {
        var first = Chain(21, freshKeys: true);
        var second = Chain(21, freshKeys: true);

        Assert.Equal(first.Root.Der(), second.Root.Der());
        Assert.Equal(first.Intermediate.Der(), second.Intermediate.Der());
        Assert.Equal(first.Leaf.Der(), second.Leaf.Der());
    }

    [Fact]
    public void Issue_OtherSeed_GivesOtherDer()
        => Assert.NotEqual(Chain(21).Leaf.Der(), Chain(22).Leaf.Der());

    [Fact]
    public void Issue_Leaf_HasRequestedSubject()
    {
        var leaf = Chain(21).Leaf.Certificate;

        Assert.Equal("oobsp.contoso.com", leaf.GetNameInfo(X509NameType.SimpleName, false));
        var rdns = leaf.SubjectName.EnumerateRelativeDistinguishedNames(reversed: false).Select(r => (r.GetSingleElementType().Value, r.GetSingleElementValue())).ToList();
        Assert.Equal([("2.5.4.6", "US"), ("2.5.4.10", "Contoso Ltd"), ("2.5.4.11", "Intel(R) Client Setup Certificate"), ("2.5.4.3", "oobsp.contoso.com")], rdns);
    }

    [Fact]
    public void Issue_Leaf_HasEkusInOrder()
    {
        var eku = Chain(21).Leaf.Certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();

        Assert.Equal([KnownOids.ServerAuthentication, KnownOids.AmtSetup], eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
    }

    [Fact]
    public void Issue_Leaf_IsNotCaAndHasLeafKeyUsageAndSan()
    {
        var leaf = Chain(21).Leaf.Certificate;

        var constraints = leaf.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.False(constraints.CertificateAuthority);
        Assert.True(constraints.Critical);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, leaf.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        Assert.Equal(["oobsp.contoso.com"], leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
    }

    [Fact]
    public void Issue_Intermediate_IsCaWithPathLengthZero()
    {
        var constraints = Chain(21).Intermediate.Certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single();

        Assert.True(constraints.CertificateAuthority);
        Assert.True(constraints.HasPathLengthConstraint);
        Assert.Equal(0, constraints.PathLengthConstraint);
    }

    [Fact]
    public void CreateSelfSigned_Root_IsCaWithoutPathLengthOrAki()
    {
        var root = Chain(21).Root;

        var constraints = root.Certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(root.IsSelfSigned);
        Assert.True(constraints.CertificateAuthority);
        Assert.False(constraints.HasPathLengthConstraint);
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, root.Certificate.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        Assert.Empty(root.Certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>());
        Assert.Equal(root.Certificate.SubjectName.RawData, root.Certificate.IssuerName.RawData);
    }

    [Fact]
    public void Issue_Leaf_AkiEqualsIssuerSki()
    {
        var (_, intermediate, leaf) = Chain(21);

        var ski = intermediate.Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single();
        var aki = leaf.Certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single();
        Assert.Equal(ski.SubjectKeyIdentifierBytes.ToArray(), aki.KeyIdentifier!.Value.ToArray());
        Assert.Equal(intermediate.Certificate.SubjectName.RawData, leaf.Certificate.IssuerName.RawData);
    }

    [Fact]
    public void Issue_Leaf_SignatureVerifiesWithIssuerKeyOnly()
    {
        var (root, intermediate, leaf) = Chain(21);
        var parsed = new Org.BouncyCastle.X509.X509CertificateParser().ReadCertificate(leaf.Der());

        parsed.Verify(intermediate.Key.BouncyPublicKey);
        Assert.ThrowsAny<Exception>(() => parsed.Verify(root.Key.BouncyPublicKey));
    }

    [Theory]
    [InlineData(SignatureHash.Sha1, "1.2.840.113549.1.1.5")]
    [InlineData(SignatureHash.Sha256, "1.2.840.113549.1.1.11")]
    [InlineData(SignatureHash.Sha384, "1.2.840.113549.1.1.12")]
    public void Issue_SignatureHash_SetsSignatureAlgorithmAndSignsWithIt(SignatureHash hash, string oid)
    {
        var (_, intermediate, leaf) = Chain(21, LeafSpec() with { SignatureHash = hash });

        Assert.Equal(oid, leaf.Certificate.SignatureAlgorithm.Value);
        new Org.BouncyCastle.X509.X509CertificateParser().ReadCertificate(leaf.Der()).Verify(intermediate.Key.BouncyPublicKey);
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(2048)]
    public void Issue_KeyBits_GivesThatKeySize(int bits)
    {
        var factory = new CertificateFactory(KeyPool.WithDefaultCache(23));
        var root = factory.CreateSelfSigned(RootSpec(bits));

        using var rsa = root.Certificate.GetRSAPublicKey();
        Assert.Equal(bits, rsa!.KeySize);
    }

    [Fact]
    public void Issue_ExpiredLeafOutlivingIssuer_KeepsExplicitValidity()
    {
        var notBefore = Now.AddYears(-3);
        var notAfter = Now.AddDays(-2);
        var (_, _, leaf) = Chain(21, LeafSpec() with { NotBefore = notBefore, NotAfter = notAfter });

        Assert.Equal(notBefore.UtcDateTime, leaf.Certificate.NotBefore.ToUniversalTime());
        Assert.Equal(notAfter.UtcDateTime, leaf.Certificate.NotAfter.ToUniversalTime());
    }

    [Fact]
    public void Issue_NotYetValidLeaf_KeepsFutureNotBefore()
    {
        var (_, _, leaf) = Chain(21, LeafSpec() with { NotBefore = Now.AddDays(10), NotAfter = Now.AddDays(20) });

        Assert.True(leaf.Certificate.NotBefore.ToUniversalTime() > Now.UtcDateTime);
    }

    [Fact]
    public void Issue_NotAfterBeforeNotBefore_Throws()
        => Assert.Throws<ArgumentException>(() => Chain(21, LeafSpec() with { NotAfter = Now.AddYears(-10) }));

    [Fact]
    public void Issue_SerialNumber_IsDerivedFromSeedAndIdAndPositive()
    {
        var factory = new CertificateFactory(new KeyPool(21, cache: null));
        var leaf = Chain(21).Leaf;

        Assert.Equal(Convert.ToHexString(factory.SerialNumberFor("test-leaf")), leaf.Certificate.SerialNumber);
        Assert.True(leaf.Certificate.SerialNumberBytes.Span[0] < 0x80);
        Assert.NotEqual(factory.SerialNumberFor("test-leaf"), factory.SerialNumberFor("test-int"));
    }

    [Fact]
    public void Certificate_GeneratedLeaf_CarriesUsablePrivateKey()
    {
        var leaf = Chain(21).Leaf;
        var data = "nonce"u8.ToArray();

        using var privateKey = leaf.Certificate.GetRSAPrivateKey();
        using var publicKey = leaf.CreateCertificate(withPrivateKey: false).GetRSAPublicKey();
        var signature = privateKey!.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Assert.True(publicKey!.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.False(leaf.CreateCertificate(withPrivateKey: false).HasPrivateKey);
    }

    [Fact]
    public void Chain_Leaf_RunsLeafToRoot()
    {
        var (root, intermediate, leaf) = Chain(21);

        Assert.Equal([leaf, intermediate, root], leaf.Chain);
        Assert.Same(root, leaf.Root);
    }

    [Fact]
    public void Issue_NoEkusAndNoIdentifiers_OmitsThoseExtensions()
    {
        var (_, _, leaf) = Chain(21, LeafSpec() with { ExtendedKeyUsages = [], IncludeSubjectKeyIdentifier = false, IncludeAuthorityKeyIdentifier = false, DnsNames = [] });

        Assert.Equal(["2.5.29.19", "2.5.29.15"], leaf.Certificate.Extensions.Select(e => e.Oid!.Value));
    }
}
