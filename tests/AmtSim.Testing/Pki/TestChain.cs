using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AmtSim.Testing.Pki;

/// <summary>
/// A quick root → intermediate → provisioning leaf chain for tests that need real certificates
/// but not the seeded fixture PKI (keys from .NET, not reproducible; never use for fixtures).
/// </summary>
public sealed class TestChain
{
    public const string SetupOid = "2.16.840.1.113741.1.2.3";
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    public const string SetupOu = "Intel(R) Client Setup Certificate";

    public required X509Certificate2 Root { get; init; }
    public required X509Certificate2 Intermediate { get; init; }
    public required X509Certificate2 Leaf { get; init; }
    public required RSA LeafKey { get; init; }

    public IReadOnlyList<X509Certificate2> LeafFirst => [Leaf, Intermediate, Root];

    public static TestChain Create(string leafCn = "oobsp.contoso.com", DateTimeOffset? now = null, string rootCn = "AmtSim test root")
    {
        var t = now ?? DateTimeOffset.UtcNow;
        using var rootKey = RSA.Create(2048);
        var rootReq = new CertificateRequest($"CN={rootCn}", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        rootReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var root = rootReq.CreateSelfSigned(t.AddYears(-2), t.AddYears(10));

        using var interKey = RSA.Create(2048);
        var interReq = new CertificateRequest("CN=AmtSim test intermediate", interKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        interReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        interReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var inter = interReq.Create(root, t.AddYears(-1), t.AddYears(5), [1, 2, 3, 4]).CopyWithPrivateKey(interKey);

        var leafKey = RSA.Create(2048);
        var leafReq = new CertificateRequest($"CN={leafCn}, OU={SetupOu}, O=Contoso", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        leafReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        leafReq.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid), new Oid(SetupOid)], false));
        var leaf = leafReq.Create(inter, t.AddDays(-30), t.AddYears(1), [5, 6, 7, 8]).CopyWithPrivateKey(leafKey);
        return new TestChain { Root = root, Intermediate = inter, Leaf = leaf, LeafKey = leafKey };
    }

    /// <summary>Writes root.pem, intermediate.pem, leaf.pem, leaf.key and chain.pem (leaf, intermediate) into <paramref name="directory"/>.</summary>
    public void WritePem(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "root.pem"), Root.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "intermediate.pem"), Intermediate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "leaf.pem"), Leaf.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "leaf.key"), LeafKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(directory, "chain.pem"), Leaf.ExportCertificatePem() + "\n" + Intermediate.ExportCertificatePem());
    }
}
