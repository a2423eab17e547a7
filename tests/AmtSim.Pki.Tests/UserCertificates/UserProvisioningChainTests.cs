using System.Security.Cryptography.X509Certificates;
using AmtSim.Pki.UserCertificates;
using AmtSim.Runtime.Errors;
using AmtSim.Testing.Fixtures;
using Xunit;

namespace AmtSim.Pki.Tests.UserCertificates;

/// <summary>
/// A customer's own chain (issue 18 item 6), on the Fabrikam example made by OpenSSL
/// (scenarios/certificates/fabrikam/make-chain.sh): PFX and PEM forms load into the same path, and
/// every way the files can be wrong is a one-line message naming the file.
/// </summary>
public class UserProvisioningChainTests
{
    private const string Password = "Fabrikam-2026!";
    private const string Source = "pki.password";

    private static string Fabrikam(string name) => Path.Combine(RepoFixtures.RepositoryRoot, "scenarios", "certificates", "fabrikam", name);

    private static InvalidInputException Invalid(string certificate, string? key = null, string[]? chain = null, string? password = Password)
        => Assert.Throws<InvalidInputException>(() => UserProvisioningChain.Load(certificate, key, chain ?? [], password, Source));

    [Fact]
    public void Load_PfxWithPath_GivesLeafWithKeyThenIssuerThenRoot()
    {
        var chain = UserProvisioningChain.Load(Fabrikam("provisioning.pfx"), null, [], Password, Source);

        Assert.True(chain.Leaf.HasPrivateKey);
        Assert.Equal(["oobsp.fabrikam.com", "Fabrikam Issuing CA 01", "Fabrikam Root CA"], chain.Path.Select(c => c.GetNameInfo(X509NameType.SimpleName, false)));
        Assert.True(chain.EndsAtRoot);
    }

    [Fact]
    public void Load_PemWithEncryptedKeyAndChainFiles_GivesTheSamePathAsThePfx()
    {
        var pem = UserProvisioningChain.Load(Fabrikam("provisioning.pem"), Fabrikam("provisioning-key.pem"), [Fabrikam("fabrikam-root.pem"), Fabrikam("fabrikam-issuing-ca.pem")], Password, Source);
        var pfx = UserProvisioningChain.Load(Fabrikam("provisioning.pfx"), null, [], Password, Source);

        Assert.Equal(pfx.Path.Select(c => c.Thumbprint), pem.Path.Select(c => c.Thumbprint));
        Assert.True(pem.Leaf.HasPrivateKey);
    }

    [Fact]
    public void ExportPfx_FullAndLeafOnly_RoundTripWithTheirPassword()
    {
        var chain = UserProvisioningChain.Load(Fabrikam("provisioning.pfx"), null, [], Password, Source);

        var full = X509CertificateLoader.LoadPkcs12Collection(chain.ExportPfx("amtsim", leafOnly: false), "amtsim");
        var leafOnly = X509CertificateLoader.LoadPkcs12Collection(chain.ExportPfx("amtsim", leafOnly: true), "amtsim");

        Assert.Equal(3, full.Count);
        Assert.Equal(chain.Leaf.Thumbprint, Assert.Single(leafOnly).Thumbprint);
        Assert.True(full.Single(c => c.Thumbprint == chain.Leaf.Thumbprint).HasPrivateKey);
    }

    [Fact]
    public void Load_WrongPfxPassword_SaysWrongPasswordAndWhereItCameFrom()
    {
        var ex = Invalid(Fabrikam("provisioning.pfx"), password: "Fabrikam-2025!");

        Assert.Contains("provisioning.pfx: wrong PFX password (pki.password)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PfxWithoutPassword_SaysItIsPasswordProtected()
    {
        var ex = Invalid(Fabrikam("provisioning.pfx"), password: null);

        Assert.Contains("password-protected (give pki.password)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WrongKeyPassword_SaysWrongPasswordForTheKey()
    {
        var ex = Invalid(Fabrikam("provisioning.pem"), Fabrikam("provisioning-key.pem"), password: "nope");

        Assert.Contains("provisioning-key.pem: wrong password for the encrypted private key (pki.password)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EncryptedKeyWithoutPassword_AsksForIt()
    {
        var ex = Invalid(Fabrikam("provisioning.pem"), Fabrikam("provisioning-key.pem"), password: null);

        Assert.Contains("the private key is encrypted; give its password", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CertificateWithoutKey_SaysNoPrivateKeyForTheSubject()
    {
        var ex = Invalid(Fabrikam("provisioning.pem"));

        Assert.Contains("no private key for", ex.Message, StringComparison.Ordinal);
        Assert.Contains("CN=oobsp.fabrikam.com", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PfxExportedWithoutKey_SaysSo()
    {
        using var dir = new TempDirectory();
        var pfx = dir.File("nokey.pfx");
        var leaf = X509CertificateLoader.LoadCertificateFromFile(Fabrikam("provisioning.pem"));
        File.WriteAllBytes(pfx, new X509Certificate2Collection(leaf).Export(X509ContentType.Pkcs12, Password)!);

        var ex = Invalid(pfx);

        Assert.Contains("the PFX holds no private key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KeyOfAnotherCertificate_SaysItBelongsToNone()
    {
        var ex = Invalid(Fabrikam("provisioning.pem"), RepoFixtures.PathOf("prov-valid.key.pem"), password: null);

        Assert.Contains("prov-valid.key.pem: the private key belongs to none of the certificates given", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnrelatedCertificateInTheChain_IsNotAChain()
    {
        var ex = Invalid(Fabrikam("provisioning.pfx"), chain: [RepoFixtures.PathOf("int-godaddy.crt.pem")]);

        Assert.Contains("int-godaddy.crt.pem: not a chain:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("is not on the certification path of 'OU=Intel(R) Client Setup Certificate, O=Fabrikam, CN=oobsp.fabrikam.com'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PathWithoutItsRoot_LoadsAsGiven()
    {
        // A customer's PFX without the root is replayed as it is; the devices judge it (AMT hashes the last certificate).
        var chain = UserProvisioningChain.Load(Fabrikam("provisioning.pem"), Fabrikam("provisioning-key.pem"), [Fabrikam("fabrikam-issuing-ca.pem")], Password, Source);

        Assert.Equal(2, chain.Path.Count);
        Assert.False(chain.EndsAtRoot);
    }

    [Fact]
    public void Load_MissingFile_SaysNoSuchFile()
    {
        var ex = Invalid(Fabrikam("customer.pfx"));

        Assert.EndsWith("customer.pfx: no such file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Device_IsRefusedAfterACappedRead()
    {
        var ex = Invalid("/dev/zero");

        Assert.Contains("larger than", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CorruptKeyBlock_IsInvalidInput()
    {
        using var dir = new TempDirectory();
        var key = dir.File("key.pem");
        File.WriteAllText(key, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        var ex = Invalid(Fabrikam("provisioning.pem"), key, password: null);

        Assert.StartsWith(key + ":", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrustedRoots_Root_Loads()
    {
        var root = Assert.Single(UserTrustedRoots.Load(Fabrikam("fabrikam-root.pem")));

        Assert.Equal("Fabrikam Root CA", root.GetNameInfo(X509NameType.SimpleName, false));
    }

    [Fact]
    public void TrustedRoots_IssuingCa_IsNotARoot()
    {
        var ex = Assert.Throws<InvalidInputException>(() => UserTrustedRoots.Load(Fabrikam("fabrikam-issuing-ca.pem")));

        Assert.Contains("'O=Fabrikam, CN=Fabrikam Issuing CA 01' is not a root certificate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KeyOnlyFile_NamesTheFileAndWhatItHolds()
    {
        var ex = Invalid(Fabrikam("provisioning-key.pem"));

        Assert.Contains("PEM file without a certificate (it holds ENCRYPTED PRIVATE KEY)", ex.Message, StringComparison.Ordinal);
    }
}
