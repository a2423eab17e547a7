using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Firmware.Validation;
using AmtSim.Protocol.Hello;

namespace AmtSim.Firmware.Tests.Wsman;

/// <summary>Test certificate chains built with .NET's CertificateRequest (made once per test run).</summary>
internal static class TestPki
{
    public const string AmtSetupOid = "2.16.840.1.113741.1.2.3";
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    private static readonly Lazy<ProvisioningChain> Trusted = new(() => ProvisioningChain.Create("AmtSim Test Root", "prov.contoso.com"));
    private static readonly Lazy<ProvisioningChain> Untrusted = new(() => ProvisioningChain.Create("AmtSim Rogue Root", "prov.contoso.com"));
    private static readonly Lazy<(X509Certificate2 Certificate, RSA Key)> Ca = new(() =>
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=AmtSim Test Issuing CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return (request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddYears(5)), key);
    });

    /// <summary>Root (in the test device's hash table), intermediate, leaf for prov.contoso.com with the AMT setup OID.</summary>
    public static ProvisioningChain TrustedChain => Trusted.Value;

    /// <summary>Same shape under a root no device trusts.</summary>
    public static ProvisioningChain UntrustedChain => Untrusted.Value;

    /// <summary>The CA that signs device certificate requests in the PKI flow.</summary>
    public static (X509Certificate2 Certificate, RSA Key) IssuingCa => Ca.Value;

    /// <summary>
    /// Stand-in for the shared ProvisioningCertificateValidator (still a stub on this branch):
    /// root SHA-256 in the device's active hash table, leaf CN under the trusted DNS suffix.
    /// </summary>
    public static ValidationResult StandInValidator(IReadOnlyList<X509Certificate2> chain, ValidationContext context)
    {
        var root = chain[^1];
        if (!context.TrustedHashes.Any(h => h.IsActive && h.Algorithm == CertHashType.Sha256 && h.Matches(root.RawData)))
        {
            return ValidationResult.Reject(ValidationReason.RootNotTrusted, "root " + root.Subject + " is not in the hash table");
        }

        if (context.TrustedDnsSuffix is not { } suffix)
        {
            return ValidationResult.Reject(ValidationReason.NoTrustedDnsSuffix, "no trusted DNS suffix");
        }

        var cn = chain[0].GetNameInfo(X509NameType.SimpleName, false);
        return cn.EndsWith("." + suffix, StringComparison.OrdinalIgnoreCase)
            ? ValidationResult.Accept()
            : ValidationResult.Reject(ValidationReason.DomainSuffixMismatch, $"{cn} is not under {suffix}");
    }

    /// <summary>Splits a PKCS#10 request into the signed CertificationRequestInfo bytes, the signature algorithm OID and the signature.</summary>
    public static (byte[] Info, string Algorithm, byte[] Signature) SplitRequest(byte[] der)
    {
        var reader = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var info = reader.ReadEncodedValue().ToArray();
        var algorithm = reader.ReadSequence().ReadObjectIdentifier();
        var signature = reader.ReadBitString(out _);
        return (info, algorithm, signature);
    }

    /// <summary>A request signed with a zero signature, as servers send to GeneratePKCS10RequestEx.</summary>
    public static byte[] NullSignedRequest(string subject, RSA publicKey, params X509Extension[] extensions)
        => NullSignedRequest(subject, publicKey, null, extensions);

    /// <summary>The same with an attribute besides the extensions request (a challenge password, say).</summary>
    public static byte[] NullSignedRequest(string subject, RSA publicKey, AsnEncodedData? attribute, params X509Extension[] extensions)
    {
        var publicKeyInfo = PublicKey.CreateFromSubjectPublicKeyInfo(publicKey.ExportSubjectPublicKeyInfo(), out _);
        var request = new CertificateRequest(new X500DistinguishedName(subject), publicKeyInfo, HashAlgorithmName.SHA256);
        foreach (var extension in extensions)
        {
            request.CertificateExtensions.Add(extension);
        }

        if (attribute is not null)
        {
            request.OtherRequestAttributes.Add(attribute);
        }

        return request.CreateSigningRequest(new NullSignatureGenerator(publicKeyInfo));
    }

    private sealed class NullSignatureGenerator(PublicKey publicKey) : X509SignatureGenerator
    {
        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier("1.2.840.113549.1.1.11");
                writer.WriteNull();
            }

            return writer.Encode();
        }

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => new byte[256];

        protected override PublicKey BuildPublicKey() => publicKey;
    }
}

/// <summary>A three-certificate provisioning chain with the leaf's key.</summary>
internal sealed record ProvisioningChain(X509Certificate2 Root, X509Certificate2 Intermediate, X509Certificate2 Leaf, RSA LeafKey)
{
    /// <summary>Leaf first, root last — the order AddNextCertInChain wants.</summary>
    public IReadOnlyList<X509Certificate2> LeafFirst => [Leaf, Intermediate, Root];

    public static ProvisioningChain Create(string rootName, string leafCn)
    {
        var now = TestDevices.Start;
        var rootKey = RSA.Create(2048);
        var rootRequest = new CertificateRequest($"CN={rootName}", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var root = rootRequest.CreateSelfSigned(now.AddYears(-1), now.AddYears(10));

        var intermediateKey = RSA.Create(2048);
        var intermediateRequest = new CertificateRequest($"CN={rootName} Intermediate", intermediateKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var intermediatePublic = intermediateRequest.Create(root, now.AddMonths(-6), now.AddYears(5), [1]);
        var intermediate = intermediatePublic.CopyWithPrivateKey(intermediateKey);

        var leafKey = RSA.Create(2048);
        var leafRequest = new CertificateRequest($"CN={leafCn}, OU=Intel(R) Client Setup Certificate", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(TestPki.ServerAuthOid), new Oid(TestPki.AmtSetupOid)], false));
        var leaf = leafRequest.Create(intermediate, now.AddMonths(-1), now.AddYears(1), [2]);

        return new ProvisioningChain(
            X509CertificateLoader.LoadCertificate(root.RawData),
            X509CertificateLoader.LoadCertificate(intermediate.RawData),
            leaf,
            leafKey);
    }
}
