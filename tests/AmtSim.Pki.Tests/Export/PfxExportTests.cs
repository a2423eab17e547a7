using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Pki.Export;
using AmtSim.Pki.Fixtures;
using AmtSim.Testing;

namespace AmtSim.Pki.Tests.Export;

[Collection(SharedFixturesCollection.Name)]
public class PfxExportTests(SharedFixtures shared)
{
    private readonly FixtureSet _set = shared.Set;

    [Fact]
    public void Export_WithChain_LoadsInDotNetWithLeafKeyAndWholeChain()
    {
        var leaf = _set["prov-valid"];
        var pfx = PfxExport.Export(leaf, "amtsim", includeChain: true);

        var loaded = X509CertificateLoader.LoadPkcs12Collection(pfx, "amtsim");

        Assert.Equal(
            leaf.Chain.Select(c => c.Sha1Thumbprint).Order(),
            loaded.Select(c => c.Thumbprint.ToLowerInvariant()).Order());
        var withKey = Assert.Single(loaded, c => c.HasPrivateKey);
        Assert.Equal(leaf.Sha1Thumbprint, withKey.Thumbprint.ToLowerInvariant());
        using var rsa = withKey.GetRSAPrivateKey();
        Assert.Equal(leaf.Key.BouncyPublicKey.Modulus.ToByteArrayUnsigned(), rsa!.ExportParameters(false).Modulus);
    }

    [Fact]
    public void Export_WithoutChain_HoldsOnlyTheLeafAndItsKey()
    {
        var leaf = _set["prov-valid"];

        var loaded = X509CertificateLoader.LoadPkcs12Collection(PfxExport.Export(leaf, "amtsim", includeChain: false), "amtsim");

        var only = Assert.Single(loaded);
        Assert.True(only.HasPrivateKey);
        Assert.Equal(leaf.Der(), only.RawData);
    }

    [Fact]
    public void Export_SameInputsTwice_GivesIdenticalBytes()
        => Assert.Equal(PfxExport.Export(_set["prov-sha1"], "amtsim", true), PfxExport.Export(_set["prov-sha1"], "amtsim", true));

    [Fact]
    public void Export_WithAndWithoutChain_UseDifferentSalts()
    {
        var withChain = PfxExport.Export(_set["prov-valid"], "amtsim", true);
        var withoutChain = PfxExport.Export(_set["prov-valid"], "amtsim", false);

        Assert.NotEqual(withChain.Length, withoutChain.Length);
    }

    [Fact]
    public void Export_WrongPassword_DotNetRefuses()
    {
        var pfx = PfxExport.Export(_set["prov-valid"], "amtsim", true);

        Assert.ThrowsAny<CryptographicException>(() => X509CertificateLoader.LoadPkcs12Collection(pfx, "not-amtsim"));
    }

    [Fact]
    public void Chain_Pem_ListsLeafThenIssuersToRoot()
    {
        var leaf = _set["prov-via-expired-intermediate"];
        var pem = PemExport.Chain(leaf);

        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(pem);
        Assert.Equal(leaf.Chain.Select(c => c.Der()), certificates.Select(c => c.RawData));
    }

    [Fact]
    public void PrivateKey_Pem_ImportsIntoDotNetRsa()
    {
        var leaf = _set["prov-1024"];

        using var rsa = RSA.Create();
        rsa.ImportFromPem(PemExport.PrivateKey(leaf));

        Assert.Equal(1024, rsa.KeySize);
        Assert.Equal(leaf.Key.Pkcs8Der(), rsa.ExportPkcs8PrivateKey());
    }

    [RequiresProgramFact("openssl", "apt-get install openssl")]
    public async Task Export_Pfx_OpensslReadsKeyAndAllCertificates()
    {
        using var folder = new TempDirectory();
        var path = folder.File("prov-valid.pfx");
        File.WriteAllBytes(path, PfxExport.Export(_set["prov-valid"], "amtsim", true));

        var result = await ExternalProgram.RunAsync("openssl", ["pkcs12", "-in", path, "-passin", "pass:amtsim", "-nodes"]);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Equal(3, CountOf(result.StdOut, "-----BEGIN CERTIFICATE-----"));
        Assert.Equal(1, CountOf(result.StdOut, "-----BEGIN PRIVATE KEY-----"));
        Assert.Contains("CN = oobsp.contoso.com", result.StdOut, StringComparison.Ordinal);
    }

    [RequiresProgramFact("openssl", "apt-get install openssl")]
    public async Task Export_Pfx_OpensslRejectsWrongPassword()
    {
        using var folder = new TempDirectory();
        var path = folder.File("prov-valid.pfx");
        File.WriteAllBytes(path, PfxExport.Export(_set["prov-valid"], "amtsim", true));

        var result = await ExternalProgram.RunAsync("openssl", ["pkcs12", "-in", path, "-passin", "pass:wrong", "-nokeys"]);

        Assert.NotEqual(0, result.ExitCode);
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
