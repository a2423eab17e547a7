using System.Security.Cryptography;
using AmtSim.Firmware.Validation;

namespace AmtSim.Firmware.Tests.Validation;

/// <summary>What one test certificate looks like. The signature hash is the one its issuer signs it with.</summary>
internal sealed record CertSpec
{
    public required string CommonName { get; init; }

    public string? OrganizationalUnit { get; init; }

    public string Organization { get; init; } = "AmtSim Tests";

    /// <summary>Name of the key in <see cref="TestKeys"/>: same name, same key.</summary>
    public required string KeyName { get; init; }

    public int KeyBits { get; init; } = 2048;

    /// <summary>Sign with this key instead of the issuer's (the issuer name stays): a forged signature.</summary>
    public string? SignedByKeyName { get; init; }

    public HashAlgorithmName SignatureHash { get; init; } = HashAlgorithmName.SHA256;

    public DateTimeOffset NotBefore { get; init; } = TestChainBuilder.Now.AddYears(-1);

    public DateTimeOffset NotAfter { get; init; } = TestChainBuilder.Now.AddYears(1);

    public IReadOnlyList<string> Ekus { get; init; } = [];

    public bool IsCa { get; init; }

    /// <summary>Extensions added as they are (e.g. an unknown critical one).</summary>
    public IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Extension> ExtraExtensions { get; init; } = [];

    public int? PathLength { get; init; }

    /// <summary>Overrides the key usage (CA: keyCertSign + cRLSign; leaf: digitalSignature + keyEncipherment).</summary>
    public System.Security.Cryptography.X509Certificates.X509KeyUsageFlags? KeyUsage { get; init; }

    public static CertSpec Root(string name = "AmtSim Test Root CA", string keyName = "root") => new()
    {
        CommonName = name,
        KeyName = keyName,
        IsCa = true,
        NotBefore = TestChainBuilder.Now.AddYears(-10),
        NotAfter = TestChainBuilder.Now.AddYears(10),
    };

    public static CertSpec Intermediate(string name = "AmtSim Test Issuing CA", string keyName = "intermediate") => new()
    {
        CommonName = name,
        KeyName = keyName,
        IsCa = true,
        NotBefore = TestChainBuilder.Now.AddYears(-5),
        NotAfter = TestChainBuilder.Now.AddYears(5),
    };

    /// <summary>A provisioning leaf as vendors sell them: OU, setup OID and server auth.</summary>
    public static CertSpec Leaf(string commonName = "server1.contoso.com") => new()
    {
        CommonName = commonName,
        OrganizationalUnit = ProvisioningCertificateOids.ClientSetupOu,
        KeyName = "leaf",
        Ekus = [ProvisioningCertificateOids.ServerAuthentication, ProvisioningCertificateOids.AmtSetup],
    };
}
