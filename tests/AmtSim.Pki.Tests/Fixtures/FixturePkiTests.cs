using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Firmware.Validation;
using AmtSim.Pki.Catalogue;
using AmtSim.Pki.Certificates;
using AmtSim.Pki.Fixtures;
using AmtSim.Pki.Keys;
using AmtSim.Testing;

namespace AmtSim.Pki.Tests.Fixtures;

[Collection(SharedFixturesCollection.Name)]
public class FixturePkiTests(SharedFixtures shared)
{
    private static readonly DateTimeOffset Now = FixturePki.DefaultReferenceTime;
    private readonly FixtureSet _set = shared.Set;

    private FixtureProvisioningCertificate Entry(string id) => _set.Manifest.Fixtures.Single(f => f.Id == id);

    private X509Certificate2 Cert(string id) => _set[id].Certificate;

    [Fact]
    public void Generate_SameSeedTwice_WritesByteIdenticalFiles()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();

        _set.WriteTo(a.Path);
        FixturePki.Generate(SharedFixtures.Seed, FixturePki.DefaultReferenceTime, KeyPool.WithDefaultCache(SharedFixtures.Seed)).WriteTo(b.Path);

        var namesA = Directory.GetFiles(a.Path).Select(Path.GetFileName).Order().ToList();
        var namesB = Directory.GetFiles(b.Path).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(namesA, namesB);
        Assert.All(namesA, name => Assert.Equal(File.ReadAllBytes(a.File(name!)), File.ReadAllBytes(b.File(name!))));
    }

    [Fact]
    public void Generate_DefaultReferenceTime_IsFixedNotTheWallClock()
    {
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero), _set.Manifest.ReferenceTime);
        Assert.Equal(Now.AddDays(4).UtcDateTime, Cert("prov-expiring-4-days").NotAfter.ToUniversalTime());
    }

    [Fact]
    public void Generate_OtherReferenceTime_MovesLeafValidity()
    {
        var later = Now.AddDays(100);

        var shifted = FixturePki.Generate(SharedFixtures.Seed, later, shared.Keys);

        Assert.Equal(later.AddDays(4).UtcDateTime, shifted["prov-expiring-4-days"].Certificate.NotAfter.ToUniversalTime());
        Assert.Equal(_set["root-godaddy-standin"].Der(), shifted["root-godaddy-standin"].Der());
    }

    [Fact]
    public void Files_Names_AreUnique()
        => Assert.Equal(_set.Files.Count, _set.Files.Select(f => f.Name).Distinct().Count());

    [Fact]
    public void Files_EveryManifestFileName_IsWritten()
    {
        var written = _set.Files.Select(f => f.Name).ToHashSet();
        var named = _set.Manifest.Fixtures.Select(f => f.Files).Concat(_set.Manifest.Authorities.Select(a => a.Files))
            .SelectMany(f => new[] { f.Certificate, f.CertificateDer, f.Chain, f.Key, f.Pfx }).OfType<string>();

        Assert.All(named, name => Assert.Contains(name, written));
    }

    [Fact]
    public void CommittedFixtures_MatchGeneratorForSeed7()
    {
        var committed = Path.Combine(RepositoryRoot(), "fixtures", "pki");

        Assert.Equal(_set.Files.Select(f => f.Name).Order(), Directory.GetFiles(committed).Select(Path.GetFileName).Order());
        Assert.All(_set.Files, file => Assert.True(file.Content.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(committed, file.Name))), $"{file.Name} differs from the generator: run amtsim pki init --out fixtures/pki --seed 7"));
    }

    [Fact]
    public void Manifest_EveryVerdict_IsAValidationReasonName()
    {
        var names = Enum.GetNames<ValidationReason>();

        Assert.All(_set.Manifest.Fixtures, f => Assert.Contains(f.ExpectedVerdict, names));
        Assert.All(_set.Manifest.Fixtures.Where(f => f.ExpectedVerdictBeforeAmt16 is not null), f => Assert.Contains(f.ExpectedVerdictBeforeAmt16!, names));
    }

    [Fact]
    public void Manifest_ListsEveryRequiredCaseWithItsVerdict()
    {
        var verdicts = _set.Manifest.Fixtures.ToDictionary(f => f.Id, f => f.ExpectedVerdict);

        Assert.Equal(new Dictionary<string, string>
        {
            ["prov-valid"] = "Accepted",
            ["prov-valid-nochain"] = "ChainIncomplete",
            ["prov-valid-verisign"] = "Accepted",
            ["prov-expired"] = "LeafExpired",
            ["prov-expiring-4-days"] = "Accepted",
            ["prov-not-yet-valid"] = "LeafNotYetValid",
            ["prov-wrong-domain"] = "DomainSuffixMismatch",
            ["prov-no-oid-no-ou"] = "MissingSetupOidAndOu",
            ["prov-oid-no-server-auth"] = "MissingServerAuthEku",
            ["prov-sha1"] = "Sha1NotAllowed",
            ["prov-1024"] = "KeyTooSmall",
            ["prov-via-expired-intermediate"] = "IntermediateExpired",
            ["prov-untrusted-root"] = "RootNotTrusted",
        }, verdicts);
        Assert.All(_set.Manifest.Fixtures, f => Assert.Equal("contoso.com", f.TrustedDnsSuffix));
    }

    [Fact]
    public void Manifest_Json_RoundTrips()
    {
        var json = _set.Manifest.ToJson();

        var back = FixtureManifest.FromJson(json);

        Assert.Equal(json, back.ToJson());
        Assert.Equal(7, back.Seed);
        Assert.Equal("amtsim", back.PfxPassword);
    }

    [Fact]
    public void ProvValid_HasSetupOuOidServerAuthAndContosoCn()
    {
        var leaf = Cert("prov-valid");

        Assert.Equal("oobsp.contoso.com", leaf.GetNameInfo(X509NameType.SimpleName, false));
        Assert.Equal("Intel(R) Client Setup Certificate", StandInRoots.SubjectAttribute(leaf.SubjectName, "2.5.4.11"));
        Assert.Equal([KnownOids.ServerAuthentication, KnownOids.AmtSetup], Ekus(leaf));
        Assert.True(leaf.NotBefore.ToUniversalTime() < Now.UtcDateTime && Now.UtcDateTime < leaf.NotAfter.ToUniversalTime());
    }

    [Theory]
    [InlineData("prov-valid", "Go Daddy Class 2 CA")]
    [InlineData("prov-valid-verisign", "VeriSign Class 3 Public Primary CA - G5")]
    [InlineData("prov-via-expired-intermediate", "VeriSign Class 3 Public Primary CA - G5")]
    public void Root_OfTrustedChain_IsTrustedByAnAmt16Device(string id, string vendor)
    {
        var root = _set[id].Root;

        Assert.True(_set.StandIns.HashFor(vendor, 16).Matches(root.RawData.Span));
        Assert.Equal("AmtSim stand-in " + vendor, Entry(id).Root);
    }

    [Fact]
    public void ProvUntrustedRoot_RootIsNeitherDefaultNorStandIn()
    {
        var root = _set["prov-untrusted-root"].Root;

        Assert.False(StandInRoots.TryReadClaim(root.Certificate, out _, out _));
        Assert.DoesNotContain(DefaultHashTables.ForFirmware(16), e => e.Matches(root.RawData.Span));
        Assert.Equal(["prov-untrusted-root", "int-untrusted", "root-untrusted"], Entry("prov-untrusted-root").Chain);
    }

    [Fact]
    public void ProvExpired_ExpiredBeforeReferenceTime()
        => Assert.True(Cert("prov-expired").NotAfter.ToUniversalTime() < Now.UtcDateTime);

    [Fact]
    public void ProvNotYetValid_StartsAfterReferenceTime()
        => Assert.True(Cert("prov-not-yet-valid").NotBefore.ToUniversalTime() > Now.UtcDateTime);

    [Fact]
    public void ProvWrongDomain_CnIsOutsideContoso()
        => Assert.Equal("oobsp.northwindtraders.com", Cert("prov-wrong-domain").GetNameInfo(X509NameType.SimpleName, false));

    [Fact]
    public void ProvNoOidNoOu_HasNeither()
    {
        var leaf = Cert("prov-no-oid-no-ou");

        Assert.Null(StandInRoots.SubjectAttribute(leaf.SubjectName, "2.5.4.11"));
        Assert.DoesNotContain(KnownOids.AmtSetup, Ekus(leaf));
        Assert.Contains(KnownOids.ServerAuthentication, Ekus(leaf));
    }

    [Fact]
    public void ProvOidNoServerAuth_HasOidButNoServerAuthNorOu()
    {
        var leaf = Cert("prov-oid-no-server-auth");

        Assert.Null(StandInRoots.SubjectAttribute(leaf.SubjectName, "2.5.4.11"));
        Assert.Contains(KnownOids.AmtSetup, Ekus(leaf));
        Assert.DoesNotContain(KnownOids.ServerAuthentication, Ekus(leaf));
    }

    [Fact]
    public void ProvSha1_IsSignedWithSha1()
    {
        Assert.Equal(KnownOids.Sha1WithRsa, Cert("prov-sha1").SignatureAlgorithm.Value);
        Assert.Equal("Accepted", Entry("prov-sha1").ExpectedVerdictBeforeAmt16);
    }

    [Fact]
    public void Prov1024_Has1024BitKey()
    {
        using var rsa = Cert("prov-1024").GetRSAPublicKey();

        Assert.Equal(1024, rsa!.KeySize);
    }

    [Fact]
    public void ProvViaExpiredIntermediate_IntermediateExpiredLeafValid()
    {
        var chain = _set["prov-via-expired-intermediate"].Chain;

        Assert.True(chain[1].Certificate.NotAfter.ToUniversalTime() < Now.UtcDateTime);
        Assert.True(chain[0].Certificate.NotAfter.ToUniversalTime() > Now.UtcDateTime);
        Assert.Equal("int-verisign-expired", Entry("prov-via-expired-intermediate").Chain[1]);
    }

    [Fact]
    public void ProvValidNoChain_PointsAtLeafOnlyPfx()
    {
        var entry = Entry("prov-valid-nochain");

        Assert.Equal("prov-valid.nochain.pfx", entry.Files.Pfx);
        Assert.Equal(["prov-valid"], entry.Chain);
        Assert.Single(X509CertificateLoader.LoadPkcs12Collection(_set.Files.Single(f => f.Name == "prov-valid.nochain.pfx").Content, "amtsim"));
    }

    [Fact]
    public void PresentedChain_NoChainFixture_IsLeafOnly()
    {
        Assert.Equal([_set["prov-valid"]], _set.PresentedChain("prov-valid-nochain"));
        Assert.Equal(_set["prov-valid"].Chain, _set.PresentedChain("prov-valid"));
        Assert.Throws<KeyNotFoundException>(() => _set.PresentedChain("int-godaddy"));
    }

    [Fact]
    public void Pfx_EveryProvisioningPfx_LoadsWithFixturePassword()
    {
        foreach (var entry in _set.Manifest.Fixtures)
        {
            var pfx = _set.Files.Single(f => f.Name == entry.Files.Pfx).Content;
            var loaded = X509CertificateLoader.LoadPkcs12Collection(pfx, _set.Manifest.PfxPassword);
            Assert.Equal(entry.Chain.Count, loaded.Count);
            Assert.Equal(entry.Sha1Thumbprint, loaded.Single(c => c.HasPrivateKey).Thumbprint.ToLowerInvariant());
        }
    }

    [RequiresProgramFact("openssl", "apt-get install openssl")]
    public async Task Openssl_ReadsEveryCertificateFile()
    {
        using var folder = new TempDirectory();
        _set.WriteTo(folder.Path);

        foreach (var name in _set.Files.Select(f => f.Name).Where(n => n.EndsWith(".crt.pem", StringComparison.Ordinal)))
        {
            var result = await ExternalProgram.RunAsync("openssl", ["x509", "-in", folder.File(name), "-noout", "-text"]);
            Assert.True(result.ExitCode == 0, $"{name}: {result.All}");
            Assert.Contains("Signature Algorithm", result.StdOut, StringComparison.Ordinal);
        }
    }

    [RequiresProgramFact("openssl", "apt-get install openssl")]
    public async Task Openssl_ShowsProvValidExtensions()
    {
        using var folder = new TempDirectory();
        _set.WriteTo(folder.Path);

        var result = await ExternalProgram.RunAsync("openssl", ["x509", "-in", folder.File("prov-valid.crt.pem"), "-noout", "-text"]);

        Assert.Contains("TLS Web Server Authentication, 2.16.840.1.113741.1.2.3", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("OU = Intel(R) Client Setup Certificate", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("CA:FALSE", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("Public-Key: (2048 bit)", result.StdOut, StringComparison.Ordinal);
    }

    [RequiresProgramFact("openssl", "apt-get install openssl")]
    public async Task Openssl_VerifyAtReferenceTime_AgreesWithDateAndTrustFacts()
    {
        using var folder = new TempDirectory();
        _set.WriteTo(folder.Path);

        Assert.Equal(0, await Verify(folder, "prov-valid", "root-godaddy-standin", "int-godaddy"));
        Assert.Equal(0, await Verify(folder, "prov-expiring-4-days", "root-godaddy-standin", "int-godaddy"));
        Assert.Equal(0, await Verify(folder, "prov-valid-verisign", "root-verisign-g5-standin", "int-verisign"));
        Assert.Equal(10, await Verify(folder, "prov-expired", "root-godaddy-standin", "int-godaddy"));
        Assert.Equal(9, await Verify(folder, "prov-not-yet-valid", "root-godaddy-standin", "int-godaddy"));
        Assert.Equal(10, await Verify(folder, "prov-via-expired-intermediate", "root-verisign-g5-standin", "int-verisign-expired"));
        Assert.Equal(20, await Verify(folder, "prov-untrusted-root", "root-godaddy-standin", "int-untrusted"));
    }

    /// <summary>openssl verify at the reference time; returns 0 for OK or openssl's X509 error number.</summary>
    private static async Task<int> Verify(TempDirectory folder, string leaf, string root, string intermediate)
    {
        var at = Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var result = await ExternalProgram.RunAsync("openssl", ["verify", "-attime", at, "-CAfile", folder.File(root + ".crt.pem"), "-untrusted", folder.File(intermediate + ".crt.pem"), folder.File(leaf + ".crt.pem")]);
        if (result.ExitCode == 0)
        {
            return 0;
        }

        var marker = result.All.IndexOf("error ", StringComparison.Ordinal);
        Assert.True(marker >= 0, result.All);
        var digits = new string(result.All[(marker + 6)..].TakeWhile(char.IsDigit).ToArray());
        return int.Parse(digits, CultureInfo.InvariantCulture);
    }

    private static List<string?> Ekus(X509Certificate2 certificate)
        => certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SelectMany(e => e.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>()).Select(o => o.Value).ToList();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AmtSim.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AmtSim.sln not found above " + AppContext.BaseDirectory);
    }
}
