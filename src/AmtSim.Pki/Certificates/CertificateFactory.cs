using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Pki.Keys;
using AmtSim.Runtime.Determinism;

namespace AmtSim.Pki.Certificates;

/// <summary>
/// Makes roots, intermediates and leaves from <see cref="CertificateSpec"/>s with keys from a
/// seeded <see cref="KeyPool"/>. Signing goes through .NET's RSA (OpenSSL); the same spec, issuer
/// and seed always give the same DER.
/// </summary>
public sealed class CertificateFactory(KeyPool keys)
{
    public KeyPool Keys { get; } = keys;

    public long Seed => Keys.Seed;

    /// <summary>A self-signed certificate (normally <see cref="CertificateKind.Root"/>).</summary>
    public GeneratedCertificate CreateSelfSigned(CertificateSpec spec) => Create(spec, issuer: null);

    /// <summary>A certificate signed by <paramref name="issuer"/>'s key.</summary>
    public GeneratedCertificate Issue(CertificateSpec spec, GeneratedCertificate issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        return Create(spec, issuer);
    }

    /// <summary>The serial number a spec without an explicit one gets: 16 bytes from (seed, id), positive.</summary>
    public byte[] SerialNumberFor(string id)
    {
        var serial = SeedDerivation.DeriveBytes(Seed, 0, "serial/" + id, 16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return serial;
    }

    private GeneratedCertificate Create(CertificateSpec spec, GeneratedCertificate? issuer)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(spec.Id);
        if (spec.NotAfter < spec.NotBefore)
        {
            throw new ArgumentException($"{spec.Id}: NotAfter {spec.NotAfter:O} is before NotBefore {spec.NotBefore:O}", nameof(spec));
        }

        var key = Keys.Get(spec.KeyIndex, spec.KeyBits);
        using var subjectRsa = key.CreateRsa();
        var publicKey = new PublicKey(subjectRsa);
        var subject = spec.Subject.ToX500();
        var request = new CertificateRequest(subject, publicKey, spec.SignatureHash.ToHashAlgorithmName());
        var isCa = spec.Kind != CertificateKind.Leaf;
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isCa, isCa && spec.PathLength.HasValue, spec.PathLength ?? 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(spec.EffectiveKeyUsage, critical: true));
        if (spec.ExtendedKeyUsages.Count > 0)
        {
            var usages = new OidCollection();
            foreach (var oid in spec.ExtendedKeyUsages)
            {
                usages.Add(new Oid(oid));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, critical: false));
        }

        if (spec.DnsNames.Count > 0)
        {
            var names = new SubjectAlternativeNameBuilder();
            foreach (var name in spec.DnsNames)
            {
                names.AddDnsName(name);
            }

            request.CertificateExtensions.Add(names.Build());
        }

        if (spec.IncludeSubjectKeyIdentifier)
        {
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(publicKey, X509SubjectKeyIdentifierHashAlgorithm.Sha1, critical: false));
        }

        if (issuer is not null && spec.IncludeAuthorityKeyIdentifier)
        {
            var issuerSki = issuer.Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault();
            if (issuerSki is not null)
            {
                request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(issuerSki));
            }
        }

        var issuerName = issuer is null ? subject : new X500DistinguishedName(issuer.Certificate.SubjectName.RawData);
        using var signingRsa = issuer is null ? null : issuer.Key.CreateRsa();
        var generator = new RsaPkcs1SignatureGenerator(signingRsa ?? subjectRsa, spec.SignatureHash);
        using var certificate = request.Create(
            issuerName,
            generator,
            TruncateToSeconds(spec.NotBefore),
            TruncateToSeconds(spec.NotAfter),
            spec.SerialNumber ?? SerialNumberFor(spec.Id));
        return new GeneratedCertificate(spec, key, issuer, certificate.RawData);
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }
}
