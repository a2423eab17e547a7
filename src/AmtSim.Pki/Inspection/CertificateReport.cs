using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AmtSim.Pki.Catalogue;
using AmtSim.Pki.Certificates;

namespace AmtSim.Pki.Inspection;

/// <summary>
/// What <c>amtsim pki inspect</c> prints for each certificate: subject, OU, EKUs, validity, key size,
/// signature hash, SHA-1 and SHA-256 thumbprints, and for a self-signed root whether its hash is in
/// a default AMT table or is a stand-in root — the manual check of seed 000 ("the thumbprint ...
/// ending in ee e4").
/// </summary>
public static class CertificateReport
{
    /// <summary>The whole report for a file, certificates in chain order (leaf first) where they form a chain.</summary>
    public static string Describe(CertificateFile file, Func<long, StandInRoots>? standIns = null)
    {
        var ordered = ChainOrder(file.Certificates);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{file.Path}: {file.Format.ToString().ToUpperInvariant()}, {ordered.Count} certificate{(ordered.Count == 1 ? "" : "s")}\n");
        for (var i = 0; i < ordered.Count; i++)
        {
            text.Append('\n');
            text.Append(CultureInfo.InvariantCulture, $"Certificate {i + 1} of {ordered.Count}\n");
            text.Append(Describe(ordered[i], standIns));
        }

        return text.ToString();
    }

    /// <summary>The lines for one certificate (two-space indent).</summary>
    public static string Describe(X509Certificate2 certificate, Func<long, StandInRoots>? standIns = null)
    {
        var der = certificate.RawData;
        var lines = new List<(string Label, string Value)>
        {
            ("Subject", certificate.Subject),
            ("Issuer", certificate.Issuer),
            ("OU", StandInRoots.SubjectAttribute(certificate.SubjectName, "2.5.4.11") ?? "(none)"),
            ("EKUs", Ekus(certificate)),
            ("Valid from", Iso(certificate.NotBefore)),
            ("Valid to", Iso(certificate.NotAfter)),
            ("Key", KeyDescription(certificate)),
            ("Signature", SignatureDescription(certificate)),
            ("Serial", certificate.SerialNumber.ToLowerInvariant()),
            ("SHA-1", Convert.ToHexStringLower(SHA1.HashData(der))),
            ("SHA-256", Convert.ToHexStringLower(SHA256.HashData(der))),
        };
        if (certificate.HasPrivateKey)
        {
            lines.Add(("Private key", "present"));
        }

        lines.Add(("AMT root", RootCheck(certificate, standIns ?? StandInRoots.Create)));
        var width = "Private key:".Length + 1;
        var text = new StringBuilder();
        foreach (var (label, value) in lines)
        {
            text.Append("  ").Append((label + ":").PadRight(width)).Append(value).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// For a self-signed certificate: which default-table entries (any generation) or stand-in roots
    /// its hash matches; otherwise says it is not a root.
    /// </summary>
    public static string RootCheck(X509Certificate2 certificate, Func<long, StandInRoots> standIns)
    {
        if (!IsSelfSigned(certificate))
        {
            return "not a root (issued by another certificate)";
        }

        var der = certificate.RawData;
        var matches = new List<string>();
        foreach (var (table, entries) in new[]
                 {
                     ("AMT 3-10 SHA-1 table", DefaultHashTables.Sha1Amt3To10),
                     ("AMT 11+ SHA-256 table", DefaultHashTables.Sha256Current),
                     ("AMT 11.8 legacy SHA-256 entries", DefaultHashTables.Sha256Amt11Legacy),
                 })
        {
            foreach (var entry in entries.Where(e => e.Matches(der)))
            {
                matches.Add($"\"{entry.Name}\" in the default {table}");
            }
        }

        if (matches.Count > 0)
        {
            return "matches " + string.Join("; ", matches);
        }

        if (StandInRoots.TryReadClaim(certificate, out var vendor, out var seed))
        {
            var genuine = standIns(seed).IsGenuine(vendor, der);
            return genuine
                ? $"AmtSim stand-in for \"{vendor.Name}\" (seed {seed.ToString(CultureInfo.InvariantCulture)}); simulated devices trust its SHA-256 hash (SHA-1 before AMT 11)"
                : $"claims to be the AmtSim stand-in for \"{vendor.Name}\" of seed {seed.ToString(CultureInfo.InvariantCulture)} but differs from it: not trusted";
        }

        return "self-signed, but NOT in any default AMT hash table (a device trusts it only as a custom hash)";
    }

    /// <summary>Orders certificates leaf first, each followed by its issuer; any others keep file order at the end.</summary>
    public static IReadOnlyList<X509Certificate2> ChainOrder(IReadOnlyList<X509Certificate2> certificates)
    {
        var remaining = certificates.ToList();
        var ordered = new List<X509Certificate2>();
        while (remaining.Count > 0)
        {
            var leaf = remaining.FirstOrDefault(c => !remaining.Any(other => !ReferenceEquals(other, c) && !IsSelfSigned(other) && other.IssuerName.RawData.AsSpan().SequenceEqual(c.SubjectName.RawData)))
                       ?? remaining[0];
            for (var current = leaf; current is not null;)
            {
                ordered.Add(current);
                remaining.Remove(current);
                var next = IsSelfSigned(current) ? null : remaining.FirstOrDefault(c => c.SubjectName.RawData.AsSpan().SequenceEqual(current.IssuerName.RawData));
                current = next;
            }
        }

        return ordered;
    }

    private static bool IsSelfSigned(X509Certificate2 certificate) => certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);

    private static string Ekus(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (extension is null)
        {
            return "(no EKU extension)";
        }

        var names = extension.EnhancedKeyUsages.Cast<Oid>()
            .Select(oid => $"{oid.Value} ({KnownOids.NameOf(oid.Value ?? "") ?? oid.FriendlyName ?? "unknown"})");
        return string.Join(", ", names);
    }

    private static string KeyDescription(X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is not null)
        {
            return $"RSA {rsa.KeySize.ToString(CultureInfo.InvariantCulture)} bits";
        }

        using var ecdsa = certificate.GetECDsaPublicKey();
        return ecdsa is not null
            ? $"ECDSA {ecdsa.KeySize.ToString(CultureInfo.InvariantCulture)} bits"
            : certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value ?? "unknown";
    }

    private static string SignatureDescription(X509Certificate2 certificate)
    {
        var oid = certificate.SignatureAlgorithm.Value;
        var hash = SignatureHashExtensions.FromSignatureAlgorithmOid(oid);
        var name = KnownOids.NameOf(oid ?? "") ?? certificate.SignatureAlgorithm.FriendlyName ?? oid ?? "unknown";
        return hash is null ? name : $"{name} ({hash.Value.DisplayName()})";
    }

    private static string Iso(DateTime local) => local.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
