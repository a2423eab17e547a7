using System.Security.Cryptography.X509Certificates;
using AmtSim.Pki.Catalogue;
using AmtSim.Pki.Fixtures;
using AmtSim.Pki.Inspection;

namespace AmtSim.Pki.Tests.Inspection;

[Collection(SharedFixturesCollection.Name)]
public class CertificateReportTests(SharedFixtures shared)
{
    private readonly FixtureSet _set = shared.Set;

    private StandInRoots StandIns(long seed) => seed == SharedFixtures.Seed ? _set.StandIns : StandInRoots.Create(seed);

    [Fact]
    public void Describe_ProvValid_PrintsEveryField()
    {
        var leaf = _set["prov-valid"];

        var text = CertificateReport.Describe(leaf.Certificate, StandIns);

        Assert.Contains("Subject:     CN=oobsp.contoso.com, OU=Intel(R) Client Setup Certificate, O=Contoso Ltd, C=US", text, StringComparison.Ordinal);
        Assert.Contains("OU:          Intel(R) Client Setup Certificate", text, StringComparison.Ordinal);
        Assert.Contains("EKUs:        1.3.6.1.5.5.7.3.1 (Server Authentication), 2.16.840.1.113741.1.2.3 (Intel AMT setup)", text, StringComparison.Ordinal);
        Assert.Contains("Valid from:  2026-05-02T12:00:00Z", text, StringComparison.Ordinal);
        Assert.Contains("Valid to:    2027-05-02T12:00:00Z", text, StringComparison.Ordinal);
        Assert.Contains("Key:         RSA 2048 bits", text, StringComparison.Ordinal);
        Assert.Contains("Signature:   sha256RSA (SHA-256)", text, StringComparison.Ordinal);
        Assert.Contains("SHA-1:       " + leaf.Sha1Thumbprint, text, StringComparison.Ordinal);
        Assert.Contains("SHA-256:     " + leaf.Sha256Thumbprint, text, StringComparison.Ordinal);
        Assert.Contains("Private key: present", text, StringComparison.Ordinal);
        Assert.Contains("AMT root:    not a root", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_Sha1And1024Leaves_ShowHashAndKeySize()
    {
        Assert.Contains("Signature:   sha1RSA (SHA-1)", CertificateReport.Describe(_set["prov-sha1"].Certificate, StandIns), StringComparison.Ordinal);
        Assert.Contains("Key:         RSA 1024 bits", CertificateReport.Describe(_set["prov-1024"].Certificate, StandIns), StringComparison.Ordinal);
    }

    [Fact]
    public void RootCheck_RealGoDaddyClass2Root_MatchesDefaultTablesOfBothGenerations()
    {
        // The manual check of seed 000: the root's thumbprint "ending in ee e4" is in the firmware.
        using var real = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(AppContext.BaseDirectory, "Data", "go-daddy-class-2-ca.pem"));

        var verdict = CertificateReport.RootCheck(real, StandIns);

        Assert.EndsWith("eee4", real.Thumbprint.ToLowerInvariant(), StringComparison.Ordinal);
        Assert.Equal("matches \"Go Daddy Class 2 CA\" in the default AMT 3-10 SHA-1 table; \"Go Daddy Class 2 CA\" in the default AMT 11+ SHA-256 table", verdict);
    }

    [Fact]
    public void RootCheck_StandInRoot_IsRecognisedWithVendorAndSeed()
    {
        var verdict = CertificateReport.RootCheck(_set["root-verisign-g5-standin"].Certificate, StandIns);

        Assert.StartsWith("AmtSim stand-in for \"VeriSign Class 3 Public Primary CA - G5\" (seed 7)", verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void RootCheck_UntrustedRoot_SaysNotInAnyTable()
        => Assert.StartsWith("self-signed, but NOT in any default AMT hash table", CertificateReport.RootCheck(_set["root-untrusted"].Certificate, StandIns), StringComparison.Ordinal);

    [Fact]
    public void ChainOrder_ShuffledChain_PutsLeafFirstAndRootLast()
    {
        var chain = _set["prov-valid"].Chain;
        var shuffled = new[] { chain[2].Certificate, chain[0].Certificate, chain[1].Certificate };

        var ordered = CertificateReport.ChainOrder(shuffled);

        Assert.Equal(chain.Select(c => c.Sha1Thumbprint), ordered.Select(c => c.Thumbprint.ToLowerInvariant()));
    }

    [Fact]
    public void Describe_PfxFile_ListsEveryCertificateLeafFirst()
    {
        using var folder = new TempDirectory();
        var path = folder.File("prov-valid.pfx");
        File.WriteAllBytes(path, _set.Files.Single(f => f.Name == "prov-valid.pfx").Content);

        var text = CertificateReport.Describe(CertificateFile.Read(path, "amtsim"), StandIns);

        Assert.StartsWith(path + ": PFX, 3 certificates", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("CN=oobsp.contoso.com", StringComparison.Ordinal) < text.IndexOf("Certificate 3 of 3", StringComparison.Ordinal));
        Assert.Contains("AmtSim stand-in for \"Go Daddy Class 2 CA\"", text, StringComparison.Ordinal);
    }
}
