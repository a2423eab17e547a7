using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Firmware.Profiles;
using AmtSim.Firmware.Validation;
using AmtSim.Pki.Catalogue;
using AmtSim.Protocol.Hello;
using BenchmarkDotNet.Attributes;

namespace AmtSim.Bench.Validation;

/// <summary>
/// One device checking a vendor-style chain (RSA-2048 root, intermediate, leaf; SHA-256) against an
/// AMT 16 table of 23 defaults plus a stand-in entry: the per-device cost of a 10,000-device fleet.
/// </summary>
[MemoryDiagnoser]
public class ProvisioningCertificateValidatorBenchmarks
{
    private X509Certificate2[] _chain = [];
    private byte[][] _chainDer = [];
    private ValidationContext _context = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var rootKey = RSA.Create(2048);
        using var caKey = RSA.Create(2048);
        using var leafKey = RSA.Create(2048);
        var now = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var rootName = new X500DistinguishedName("CN=Bench Root");
        var caName = new X500DistinguishedName("CN=Bench CA");
        var root = Issue(rootName, rootKey, rootName, rootKey, ca: true, now, 1);
        var ca = Issue(caName, caKey, rootName, rootKey, ca: true, now, 2);
        var leafRequest = new CertificateRequest("CN=server1.contoso.com, OU=Intel(R) Client Setup Certificate", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ProvisioningCertificateOids.ServerAuthentication), new Oid(ProvisioningCertificateOids.AmtSetup)], false));
        var leaf = leafRequest.Create(caName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1), now.AddDays(-1), now.AddYears(1), [3]);
        _chain = [leaf, ca, root];
        _chainDer = [.. _chain.Select(c => c.RawData)];
        var profile = FirmwareProfile.For("16.1");
        _context = new ValidationContext
        {
            TrustedHashes = [.. profile.DefaultHashes, TrustedRootHash.ForCertificate("Bench stand-in", CertHashType.Sha256, root.RawData)],
            TrustedDnsSuffix = "sales.contoso.com",
            Profile = profile,
            Now = now,
        };
    }

    [Benchmark(Baseline = true)]
    public bool ValidateCertificates() => ProvisioningCertificateValidator.Instance.Validate(_chain, _context).IsAccepted;

    [Benchmark]
    public bool ValidateDer() => ProvisioningCertificateValidator.Instance.Validate(_chainDer, _context).IsAccepted;

    private static X509Certificate2 Issue(X500DistinguishedName subject, RSA key, X500DistinguishedName issuer, RSA issuerKey, bool ca, DateTimeOffset now, byte serial)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(ca, false, 0, true));
        return request.Create(issuer, X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1), now.AddYears(-1), now.AddYears(5), [serial]);
    }
}
