using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AmtSim.Firmware.Tests.Validation;

/// <summary>
/// Builds test chains with .NET's CertificateRequest: explicit serials and dates, RSA keys from
/// <see cref="TestKeys"/>, SHA-1/256/384 signatures, optional forged issuer keys.
/// </summary>
internal static class TestChainBuilder
{
    /// <summary>The device clock in every test unless a test says otherwise.</summary>
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly Lock Gate = new();
    private static long _serial = 0x1000;

    public static TestChain Build(ChainSpec spec)
    {
        var rootName = NameOf(spec.Root);
        var root = Issue(spec.Root, rootName, spec.Root.KeyName, spec.Root.KeyBits);
        var issuerName = rootName;
        var issuer = spec.Root;
        var intermediates = new List<X509Certificate2>();
        foreach (var intermediate in spec.Intermediates.Reverse())
        {
            intermediates.Insert(0, Issue(intermediate, issuerName, issuer.KeyName, issuer.KeyBits));
            issuerName = NameOf(intermediate);
            issuer = intermediate;
        }

        var leaf = Issue(spec.Leaf, issuerName, issuer.KeyName, issuer.KeyBits);
        return new TestChain(leaf, intermediates, root);
    }

    public static TestChain Build() => Build(ChainSpec.Default);

    public static X500DistinguishedName NameOf(CertSpec spec)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddOrganizationName(spec.Organization);
        if (spec.OrganizationalUnit is not null)
        {
            builder.AddOrganizationalUnitName(spec.OrganizationalUnit);
        }

        builder.AddCommonName(spec.CommonName);
        return builder.Build();
    }

    private static X509Certificate2 Issue(CertSpec spec, X500DistinguishedName issuerName, string issuerKeyName, int issuerKeyBits)
    {
        var key = TestKeys.Get(spec.KeyName, spec.KeyBits);
        var signingKey = spec.SignedByKeyName is { } forged ? TestKeys.Get(forged, issuerKeyBits) : TestKeys.Get(issuerKeyName, issuerKeyBits);
        var request = new CertificateRequest(NameOf(spec), key, spec.SignatureHash, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(spec.IsCa, spec.PathLength.HasValue, spec.PathLength ?? 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            spec.KeyUsage ?? (spec.IsCa ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign : X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment),
            critical: true));
        if (spec.Ekus.Count > 0)
        {
            var oids = new OidCollection();
            foreach (var eku in spec.Ekus)
            {
                oids.Add(new Oid(eku));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, critical: false));
        }

        foreach (var extension in spec.ExtraExtensions)
        {
            request.CertificateExtensions.Add(extension);
        }

        lock (Gate)
        {
            var serial = BitConverter.GetBytes(++_serial);
            Array.Reverse(serial);
            var generator = new Sha1RsaSignatureGenerator(signingKey);
            return request.Create(issuerName, generator, spec.NotBefore, spec.NotAfter, serial);
        }
    }
}
