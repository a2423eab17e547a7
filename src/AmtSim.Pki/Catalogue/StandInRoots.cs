using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Pki.Certificates;
using AmtSim.Pki.Keys;
using AmtSim.Protocol.Hello;

namespace AmtSim.Pki.Catalogue;

/// <summary>
/// One generated root per vendor of the default hash tables ("AmtSim stand-in Go Daddy Class 2 CA"),
/// from a seed. Nobody can sign with the real vendor keys, so simulated devices trust each
/// stand-in's hash next to the real vendor's entry (amt-reference.md §3); fixtures chain to them.
/// Stand-ins have fixed validity (2006 to 2046), 2048-bit keys and SHA-256 self-signatures, whatever
/// the real root has (some real ones are SHA-1 signed, two are ECC); the seed is written in the OU
/// so that <c>amtsim pki inspect</c> can regenerate and recognise them.
/// </summary>
public sealed class StandInRoots
{
    public const string CommonNamePrefix = "AmtSim stand-in ";
    public const string Organization = "AmtSim";
    public const string OrganizationalUnitPrefix = "Stand-in root, seed ";
    public const string TableEntryPrefix = "AmtSim ";
    public const int KeyBits = 2048;

    public static readonly DateTimeOffset NotBefore = new(2006, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset NotAfter = new(2046, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly CertificateFactory _factory;
    private readonly Lazy<GeneratedCertificate>[] _roots;

    private StandInRoots(CertificateFactory factory)
    {
        _factory = factory;
        _roots = StandInVendor.All
            .Select(vendor => new Lazy<GeneratedCertificate>(() => _factory.CreateSelfSigned(SpecFor(vendor, factory.Seed))))
            .ToArray();
    }

    /// <summary>The stand-ins of <paramref name="seed"/>, keys from the default key cache.</summary>
    public static StandInRoots Create(long seed) => new(new CertificateFactory(KeyPool.WithDefaultCache(seed)));

    /// <summary>The stand-ins of the factory's seed, keys from its pool.</summary>
    public static StandInRoots Create(CertificateFactory factory) => new(factory);

    public long Seed => _factory.Seed;

    /// <summary>The hash algorithm of the firmware's table: SHA-256 from AMT 11 (ME 11 removed the SHA-1 defaults), SHA-1 before.</summary>
    public static CertHashType AlgorithmFor(int firmwareMajor) => firmwareMajor >= 11 ? CertHashType.Sha256 : CertHashType.Sha1;

    /// <summary>The spec of a vendor's stand-in (its key is pool index <see cref="KeySlots.StandInRoots"/> + ordinal).</summary>
    public static CertificateSpec SpecFor(StandInVendor vendor, long seed) => new()
    {
        Id = "standin/" + vendor.Name,
        Subject = new SubjectName(CommonNamePrefix + vendor.Name, OrganizationalUnitPrefix + seed.ToString(CultureInfo.InvariantCulture), Organization),
        Kind = CertificateKind.Root,
        KeyIndex = KeySlots.StandInRoots + vendor.Ordinal,
        KeyBits = KeyBits,
        NotBefore = NotBefore,
        NotAfter = NotAfter,
    };

    /// <summary>The stand-in for a vendor, by its name in any default table; throws <see cref="KeyNotFoundException"/> for others.</summary>
    public GeneratedCertificate Get(string vendorName)
        => TryGet(vendorName, out var root) ? root : throw new KeyNotFoundException($"no stand-in root for '{vendorName}': not a vendor of the default AMT hash tables");

    public bool TryGet(string vendorName, [NotNullWhen(true)] out GeneratedCertificate? root)
    {
        var vendor = StandInVendor.Find(vendorName);
        root = vendor is null ? null : _roots[vendor.Ordinal].Value;
        return root is not null;
    }

    /// <summary>The trusted-table entry of a vendor's stand-in, hashed with <paramref name="algorithm"/>.</summary>
    public TrustedRootHash HashFor(string vendorName, CertHashType algorithm)
    {
        var vendor = StandInVendor.Find(vendorName) ?? throw new KeyNotFoundException($"no stand-in root for '{vendorName}'");
        return TrustedRootHash.ForCertificate(TableEntryPrefix + vendor.Name, algorithm, _roots[vendor.Ordinal].Value.RawData.Span, isDefault: true);
    }

    /// <summary>The entry a device of firmware <paramref name="firmwareMajor"/> holds for a vendor's stand-in.</summary>
    public TrustedRootHash HashFor(string vendorName, int firmwareMajor) => HashFor(vendorName, AlgorithmFor(firmwareMajor));

    /// <summary>
    /// The trusted table a simulated device of firmware <paramref name="firmwareMajor"/> has: each
    /// entry of <see cref="DefaultHashTables.ForFirmware"/> followed by its vendor's stand-in, in the
    /// same algorithm. Interleaved so the first entry is still the real Go Daddy Class 2 hash and a
    /// 23-entry hello still carries the stand-ins of the first vendors (Go Daddy, VeriSign G5, ...).
    /// </summary>
    public IReadOnlyList<TrustedRootHash> TrustedTableFor(int firmwareMajor)
    {
        var defaults = DefaultHashTables.ForFirmware(firmwareMajor);
        var vendors = defaults.Select(e => StandInVendor.Find(e.Name)).ToList();
        _factory.Keys.Warm(vendors.OfType<StandInVendor>().Select(v => new KeyRequest(KeySlots.StandInRoots + v.Ordinal, KeyBits)));
        var table = new List<TrustedRootHash>(defaults.Count * 2);
        for (var i = 0; i < defaults.Count; i++)
        {
            table.Add(defaults[i]);
            if (vendors[i] is { } vendor)
            {
                table.Add(HashFor(vendor.Name, defaults[i].Algorithm));
            }
        }

        return table;
    }

    /// <summary>
    /// Whether <paramref name="certificate"/> says it is a stand-in (subject "AmtSim stand-in ...",
    /// OU "Stand-in root, seed N"); gives the vendor and seed it claims. It is genuine only if it also
    /// equals what <see cref="Create(long)"/> generates for that seed (see <see cref="IsGenuine"/>).
    /// </summary>
    public static bool TryReadClaim(X509Certificate2 certificate, [NotNullWhen(true)] out StandInVendor? vendor, out long seed)
    {
        vendor = null;
        seed = 0;
        var cn = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        var ou = SubjectAttribute(certificate.SubjectName, "2.5.4.11");
        if (!cn.StartsWith(CommonNamePrefix, StringComparison.Ordinal) || ou is null || !ou.StartsWith(OrganizationalUnitPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        if (!long.TryParse(ou.AsSpan(OrganizationalUnitPrefix.Length), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seed))
        {
            return false;
        }

        vendor = StandInVendor.Find(cn[CommonNamePrefix.Length..]);
        return vendor is not null;
    }

    /// <summary>True when <paramref name="der"/> is exactly this set's stand-in for <paramref name="vendor"/>.</summary>
    public bool IsGenuine(StandInVendor vendor, ReadOnlySpan<byte> der) => _roots[vendor.Ordinal].Value.RawData.Span.SequenceEqual(der);

    /// <summary>The value of the first RDN of type <paramref name="oid"/>, or null.</summary>
    internal static string? SubjectAttribute(X500DistinguishedName name, string oid)
    {
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (!rdn.HasMultipleElements && rdn.GetSingleElementType().Value == oid)
            {
                return rdn.GetSingleElementValue();
            }
        }

        return null;
    }
}
