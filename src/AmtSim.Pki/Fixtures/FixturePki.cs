using System.Globalization;
using System.Text;
using AmtSim.Pki.Catalogue;
using AmtSim.Pki.Certificates;
using AmtSim.Pki.Export;
using AmtSim.Pki.Keys;

namespace AmtSim.Pki.Fixtures;

/// <summary>
/// The fixture PKI: stand-in vendor roots, a root no device trusts, valid and expired
/// intermediates, and one provisioning certificate per way a device can accept or reject it,
/// each as PEM and PFX, plus <c>fixtures.json</c> and a README. Everything follows from
/// (seed, reference time): the same pair gives byte-identical files, and the reference time has a
/// fixed default so fixtures never depend on the wall clock.
/// </summary>
public static class FixturePki
{
    /// <summary>The default reference time ("now" for every validity period).</summary>
    public static readonly DateTimeOffset DefaultReferenceTime = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The device's trusted DNS suffix the fixtures are made for.</summary>
    public const string TrustedDnsSuffix = "contoso.com";

    /// <summary>The firmware generation the expected verdicts are for (SHA-1 and small keys rejected).</summary>
    public const int DeviceFirmwareMajor = 16;

    public const string ProvisioningCommonName = "oobsp.contoso.com";
    public const string ForeignCommonName = "oobsp.northwindtraders.com";
    public const string GoDaddyVendor = "Go Daddy Class 2 CA";
    public const string VeriSignG5Vendor = "VeriSign Class 3 Public Primary CA - G5";

    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>Generates the fixture PKI of <paramref name="seed"/>; keys come from <paramref name="keys"/> (default: the on-disk cache).</summary>
    public static FixtureSet Generate(long seed, DateTimeOffset? referenceTime = null, KeyPool? keys = null)
    {
        var now = referenceTime?.ToUniversalTime() ?? DefaultReferenceTime;
        now = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        keys ??= KeyPool.WithDefaultCache(seed);
        if (keys.Seed != seed)
        {
            throw new ArgumentException($"key pool is for seed {keys.Seed}, not {seed}", nameof(keys));
        }

        var factory = new CertificateFactory(keys);
        var standIns = StandInRoots.Create(factory);
        var plan = Plan(now);
        keys.Warm(PlannedKeys(plan));

        var certificates = new Dictionary<string, GeneratedCertificate>(StringComparer.Ordinal)
        {
            ["root-godaddy-standin"] = standIns.Get(GoDaddyVendor),
            ["root-verisign-g5-standin"] = standIns.Get(VeriSignG5Vendor),
        };
        foreach (var authority in plan.Authorities)
        {
            certificates[authority.Spec.Id] = authority.IssuerId is null
                ? factory.CreateSelfSigned(authority.Spec)
                : factory.Issue(authority.Spec, certificates[authority.IssuerId]);
        }

        foreach (var leaf in plan.Leaves)
        {
            certificates[leaf.Spec.Id] = factory.Issue(leaf.Spec, certificates[leaf.IssuerId]);
        }

        var ids = certificates.ToDictionary(kv => kv.Value, kv => kv.Key);
        var files = new List<FixtureFile>();
        var authorities = new List<FixtureAuthority>();
        AddAuthority(files, authorities, ids, "root-godaddy-standin", certificates["root-godaddy-standin"], "root", trusted: true, $"Stand-in for the real {GoDaddyVendor} root (the one SCCM users check for a thumbprint ending in ee e4); simulated devices trust its hash next to the real one.");
        AddAuthority(files, authorities, ids, "root-verisign-g5-standin", certificates["root-verisign-g5-standin"], "root", trusted: true, $"Stand-in for the real {VeriSignG5Vendor} root; simulated devices trust its hash next to the real one.");
        foreach (var authority in plan.Authorities)
        {
            AddAuthority(files, authorities, ids, authority.Spec.Id, certificates[authority.Spec.Id], authority.IssuerId is null ? "root" : "intermediate", authority.Trusted, authority.Purpose);
        }

        var provisioning = new List<FixtureProvisioningCertificate>();
        foreach (var leaf in plan.Leaves)
        {
            var certificate = certificates[leaf.Spec.Id];
            var names = new FixtureFiles
            {
                Certificate = leaf.Spec.Id + ".crt.pem",
                Chain = leaf.Spec.Id + ".chain.pem",
                Key = leaf.Spec.Id + ".key.pem",
                Pfx = leaf.Spec.Id + ".pfx",
            };
            files.Add(Text(names.Certificate, PemExport.Certificate(certificate)));
            files.Add(Text(names.Chain, PemExport.Chain(certificate)));
            files.Add(Text(names.Key, PemExport.PrivateKey(certificate)));
            files.Add(new FixtureFile(names.Pfx, PfxExport.Export(certificate, PfxExport.FixturePassword, includeChain: true)));
            provisioning.Add(Describe(ids, certificate, leaf.Purpose, leaf.Verdict, leaf.VerdictBeforeAmt16, names, certificate.Chain));

            if (leaf.Spec.Id == "prov-valid")
            {
                var noChain = new FixtureFiles { Certificate = names.Certificate, Key = names.Key, Pfx = "prov-valid.nochain.pfx" };
                files.Add(new FixtureFile(noChain.Pfx, PfxExport.Export(certificate, PfxExport.FixturePassword, includeChain: false)));
                provisioning.Add(Describe(ids, certificate, "The valid provisioning certificate exported WITHOUT \"Include all certificates in the certification path\": the device gets no chain to its trusted root.", "ChainIncomplete", null, noChain, [certificate]) with { Id = "prov-valid-nochain" });
            }
        }

        var manifest = new FixtureManifest
        {
            Seed = seed,
            ReferenceTime = now,
            PfxPassword = PfxExport.FixturePassword,
            Device = new FixtureDevice(DeviceFirmwareMajor, TrustedDnsSuffix, "default AMT table for the firmware plus the stand-in roots of this seed (StandInRoots.TrustedTableFor)", now),
            Authorities = authorities,
            Fixtures = provisioning,
        };
        files.Add(Text(FixtureManifest.FileName, manifest.ToJson()));
        files.Add(Text("README.md", FixtureReadme.Render(manifest)));
        return new FixtureSet(manifest, standIns, certificates, files);
    }

    private static FixtureProvisioningCertificate Describe(Dictionary<GeneratedCertificate, string> ids, GeneratedCertificate certificate, string purpose, string verdict, string? verdictBeforeAmt16, FixtureFiles files, IReadOnlyList<GeneratedCertificate> chain) => new()
    {
        Id = certificate.Spec.Id,
        Purpose = purpose,
        CommonName = certificate.Spec.Subject.CommonName,
        OrganizationalUnit = certificate.Spec.Subject.OrganizationalUnit,
        ExtendedKeyUsages = certificate.Spec.ExtendedKeyUsages,
        SignatureHash = certificate.Spec.SignatureHash.DisplayName(),
        KeyBits = certificate.Spec.KeyBits,
        NotBefore = certificate.Spec.NotBefore,
        NotAfter = certificate.Spec.NotAfter,
        Chain = chain.Select(c => ids[c]).ToList(),
        Root = certificate.Root.Spec.Subject.CommonName,
        TrustedDnsSuffix = TrustedDnsSuffix,
        ExpectedVerdict = verdict,
        ExpectedVerdictBeforeAmt16 = verdictBeforeAmt16,
        Sha1Thumbprint = certificate.Sha1Thumbprint,
        Files = files,
    };

    private static void AddAuthority(List<FixtureFile> files, List<FixtureAuthority> authorities, Dictionary<GeneratedCertificate, string> ids, string id, GeneratedCertificate certificate, string role, bool trusted, string purpose)
    {
        var names = new FixtureFiles
        {
            Certificate = id + ".crt.pem",
            CertificateDer = role == "root" ? id + ".cer" : null,
            Key = id + ".key.pem",
        };
        files.Add(Text(names.Certificate, PemExport.Certificate(certificate)));
        if (names.CertificateDer is not null)
        {
            files.Add(new FixtureFile(names.CertificateDer, certificate.Der()));
        }

        files.Add(Text(names.Key, PemExport.PrivateKey(certificate)));
        authorities.Add(new FixtureAuthority
        {
            Id = id,
            Role = role,
            Subject = certificate.Spec.Subject.ToString(),
            Issuer = certificate.Issuer is null ? null : ids[certificate.Issuer],
            TrustedByDevices = trusted,
            Purpose = purpose,
            NotBefore = certificate.Spec.NotBefore,
            NotAfter = certificate.Spec.NotAfter,
            Sha1Thumbprint = certificate.Sha1Thumbprint,
            Sha256Thumbprint = certificate.Sha256Thumbprint,
            Files = names,
        });
    }

    private static FixtureFile Text(string name, string content) => new(name, Encoding.UTF8.GetBytes(content));

    private static IEnumerable<KeyRequest> PlannedKeys(FixturePlan plan)
        => plan.Authorities.Select(a => new KeyRequest(a.Spec.KeyIndex, a.Spec.KeyBits))
            .Concat(plan.Leaves.Select(l => new KeyRequest(l.Spec.KeyIndex, l.Spec.KeyBits)))
            .Concat(StandInVendor.All.Where(v => v.Answers(GoDaddyVendor) || v.Answers(VeriSignG5Vendor))
                .Select(v => new KeyRequest(KeySlots.StandInRoots + v.Ordinal, StandInRoots.KeyBits)));

    private sealed record PlannedAuthority(CertificateSpec Spec, string? IssuerId, bool Trusted, string Purpose);

    private sealed record PlannedLeaf(CertificateSpec Spec, string IssuerId, string Purpose, string Verdict, string? VerdictBeforeAmt16 = null);

    private sealed record FixturePlan(IReadOnlyList<PlannedAuthority> Authorities, IReadOnlyList<PlannedLeaf> Leaves);

    private static FixturePlan Plan(DateTimeOffset now)
    {
        const int slot = KeySlots.Fixtures;
        var authorities = new List<PlannedAuthority>
        {
            new(Ca("root-untrusted", "AmtSim Untrusted Root CA", "Trusted by no device", CertificateKind.Root, slot + 0, now.AddYears(-10), now.AddYears(20)), null, false,
                "A root whose hash is in no device's table (like an enterprise CA nobody added in MEBx)."),
            new(Ca("int-godaddy", "AmtSim Go Daddy Secure Certification Authority", "Stand-in intermediate", CertificateKind.Intermediate, slot + 1, now.AddYears(-3), now.AddYears(7)), "root-godaddy-standin", true,
                "Valid intermediate under the Go Daddy stand-in; issues the valid provisioning certificates."),
            new(Ca("int-verisign", "AmtSim VeriSign Class 3 Secure Server CA - G3", "Stand-in intermediate", CertificateKind.Intermediate, slot + 2, now.AddYears(-3), now.AddYears(7)), "root-verisign-g5-standin", true,
                "Valid intermediate under the VeriSign G5 stand-in."),
            new(Ca("int-verisign-expired", "AmtSim VeriSign Class 3 Secure Server CA - G2", "Stand-in intermediate (expired)", CertificateKind.Intermediate, slot + 3, now.AddYears(-5), now - (30 * Day)), "root-verisign-g5-standin", true,
                "Intermediate under the VeriSign G5 stand-in that expired 30 days before the reference time (seed 001's expired VeriSign intermediate)."),
            new(Ca("int-untrusted", "AmtSim Untrusted Intermediate CA", "Trusted by no device", CertificateKind.Intermediate, slot + 4, now.AddYears(-3), now.AddYears(7)), "root-untrusted", false,
                "Valid intermediate under the untrusted root."),
        };

        var validFrom = now - (30 * Day);
        var validTo = now + (335 * Day);
        var leaves = new List<PlannedLeaf>
        {
            new(Leaf("prov-valid", slot + 10, validFrom, validTo), "int-godaddy",
                "Valid provisioning certificate: OU \"Intel(R) Client Setup Certificate\", AMT setup OID and server authentication, CN in contoso.com, chain to the Go Daddy stand-in.", "Accepted"),
            new(Leaf("prov-valid-verisign", slot + 11, validFrom, validTo), "int-verisign",
                "Valid provisioning certificate chaining to the VeriSign G5 stand-in.", "Accepted"),
            new(Leaf("prov-expired", slot + 12, now - (367 * Day), now - (2 * Day)), "int-godaddy",
                "Expired two days before the reference time (seed 000's expired Go Daddy certificate).", "LeafExpired"),
            new(Leaf("prov-expiring-4-days", slot + 13, now - (361 * Day), now + (4 * Day)), "int-godaddy",
                "Still valid, expires exactly 4 days after the reference time (SCCM warns \"will expire in 4 day(s)\"); the device accepts it.", "Accepted"),
            new(Leaf("prov-not-yet-valid", slot + 14, now + (10 * Day), now + (375 * Day)), "int-godaddy",
                "Not valid until 10 days after the reference time.", "LeafNotYetValid"),
            new(Leaf("prov-wrong-domain", slot + 15, validFrom, validTo) with { Subject = new SubjectName(ForeignCommonName, KnownOids.AmtSetupOrganizationalUnit, "Northwind Traders"), DnsNames = [ForeignCommonName] }, "int-godaddy",
                "CN oobsp.northwindtraders.com, outside the device's contoso.com namespace.", "DomainSuffixMismatch"),
            new(Leaf("prov-no-oid-no-ou", slot + 16, validFrom, validTo) with { Subject = Contoso(null), ExtendedKeyUsages = [KnownOids.ServerAuthentication] }, "int-godaddy",
                "Ordinary TLS server certificate: neither the setup OU nor the AMT setup OID.", "MissingSetupOidAndOu"),
            new(Leaf("prov-oid-no-server-auth", slot + 17, validFrom, validTo) with { Subject = Contoso(null), ExtendedKeyUsages = [KnownOids.ClientAuthentication, KnownOids.AmtSetup] }, "int-godaddy",
                "AMT setup OID but client authentication instead of server authentication, and no setup OU.", "MissingServerAuthEku"),
            new(Leaf("prov-sha1", slot + 18, validFrom, validTo) with { SignatureHash = SignatureHash.Sha1 }, "int-godaddy",
                "Signed with SHA-1 (rejected from AMT 16, accepted before).", "Sha1NotAllowed", "Accepted"),
            new(Leaf("prov-1024", slot + 19, validFrom, validTo) with { KeyBits = 1024 }, "int-godaddy",
                "1024-bit RSA key (rejected from AMT 16, accepted before).", "KeyTooSmall", "Accepted"),
            new(Leaf("prov-via-expired-intermediate", slot + 20, now - (400 * Day), now + (330 * Day)), "int-verisign-expired",
                "Valid leaf whose intermediate (int-verisign-expired) has expired.", "IntermediateExpired"),
            new(Leaf("prov-untrusted-root", slot + 21, validFrom, validTo), "int-untrusted",
                "Valid leaf chaining to a root no device trusts.", "RootNotTrusted"),
        };
        return new FixturePlan(authorities, leaves);
    }

    private static SubjectName Contoso(string? ou) => new(ProvisioningCommonName, ou, "Contoso Ltd", "US");

    private static CertificateSpec Ca(string id, string cn, string ou, CertificateKind kind, int keyIndex, DateTimeOffset notBefore, DateTimeOffset notAfter) => new()
    {
        Id = id,
        Subject = new SubjectName(cn, ou, "AmtSim"),
        Kind = kind,
        KeyIndex = keyIndex,
        PathLength = kind == CertificateKind.Intermediate ? 0 : null,
        NotBefore = notBefore,
        NotAfter = notAfter,
    };

    private static CertificateSpec Leaf(string id, int keyIndex, DateTimeOffset notBefore, DateTimeOffset notAfter) => new()
    {
        Id = id,
        Subject = Contoso(KnownOids.AmtSetupOrganizationalUnit),
        Kind = CertificateKind.Leaf,
        KeyIndex = keyIndex,
        NotBefore = notBefore,
        NotAfter = notAfter,
        ExtendedKeyUsages = [KnownOids.ServerAuthentication, KnownOids.AmtSetup],
        DnsNames = [ProvisioningCommonName],
    };

    internal static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
