using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AmtSim.Pki.Catalogue;
using AmtSim.Protocol.Hello;

namespace AmtSim.Testing.Web;

/// <summary>A root → intermediate → leaf provisioning chain made for a test, with the leaf's key.</summary>
public sealed class TestProvisioningChain : IDisposable
{
    private TestProvisioningChain(X509Certificate2 root, X509Certificate2 intermediate, X509Certificate2 leaf)
    {
        Root = root;
        Intermediate = intermediate;
        Leaf = leaf;
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Intermediate { get; }

    /// <summary>The leaf, with its private key.</summary>
    public X509Certificate2 Leaf { get; }

    /// <summary>Leaf first, root last, as presented in the handshake.</summary>
    public IReadOnlyList<X509Certificate2> Presented => [Leaf, Intermediate, Root];

    /// <summary>The table entry that makes a device trust this chain's root.</summary>
    public TrustedRootHash RootHash => TrustedRootHash.ForCertificate("Test root", CertHashType.Sha256, Root.RawData);

    /// <summary>A chain for <paramref name="leafCn"/>; <paramref name="setupOid"/> false leaves out both the setup OID and OU.</summary>
    public static TestProvisioningChain Create(string leafCn = "provisionserver.contoso.com", bool setupOid = true, DateTimeOffset? now = null)
    {
        var t = now ?? WebTestDevices.Start;
        using var rootKey = RSA.Create(2048);
        using var intermediateKey = RSA.Create(2048);
        using var leafKey = RSA.Create(2048);
        var rootRequest = new CertificateRequest("CN=AmtSim Test Root, O=AmtSim", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        var root = rootRequest.CreateSelfSigned(t.AddYears(-1), t.AddYears(10));

        var intermediateRequest = new CertificateRequest("CN=AmtSim Test Issuing CA, O=AmtSim", intermediateKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        intermediateRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        intermediateRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(intermediateRequest.PublicKey, false));
        using var intermediatePublic = intermediateRequest.Create(root, t.AddMonths(-6), t.AddYears(5), [1, 2]);
        var intermediate = intermediatePublic.CopyWithPrivateKey(intermediateKey);

        var leafRequest = new CertificateRequest($"CN={leafCn}, O=Contoso", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        var usages = new OidCollection { new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2") };
        if (setupOid)
        {
            usages.Add(new Oid(StandInChainValidator.SetupOid));
        }

        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        using var leafPublic = leafRequest.Create(intermediate, t.AddDays(-30), t.AddYears(1), [3, 4, 5]);
        var leaf = leafPublic.CopyWithPrivateKey(leafKey);
        return new TestProvisioningChain(root, intermediate, leaf);
    }

    /// <summary>Writes leaf.pem, key.pem, chain.pem (intermediate + root), root.pem into <paramref name="directory"/>.</summary>
    public void WritePem(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "leaf.pem"), Leaf.ExportCertificatePem() + "\n");
        using var key = Leaf.GetRSAPrivateKey()!;
        File.WriteAllText(Path.Combine(directory, "key.pem"), key.ExportPkcs8PrivateKeyPem() + "\n");
        File.WriteAllText(Path.Combine(directory, "chain.pem"), new StringBuilder().AppendLine(Intermediate.ExportCertificatePem()).AppendLine(Root.ExportCertificatePem()).ToString());
        File.WriteAllText(Path.Combine(directory, "root.pem"), Root.ExportCertificatePem() + "\n");
    }

    public void Dispose()
    {
        Root.Dispose();
        Intermediate.Dispose();
        Leaf.Dispose();
    }
}
