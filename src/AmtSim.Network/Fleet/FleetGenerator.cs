using System.Globalization;
using AmtSim.Firmware.Profiles;
using AmtSim.Runtime.Determinism;
using Bogus;

namespace AmtSim.Network.Fleet;

/// <summary>
/// Generates a reproducible fleet: each device's Bogus faker is seeded with its own seed derived
/// from (run seed, index, "device"), so the same run seed gives the same fleet, and device N is
/// the same whatever the fleet size.
/// </summary>
public static class FleetGenerator
{
    public const string SeedPurpose = "device";

    /// <summary>Scopes used when none are given: two public-suffix sites and one .local lab.</summary>
    public static IReadOnlyList<FleetScope> DefaultScopes { get; } =
    [
        new("hq", "hq.contoso.com"),
        new("sales", "sales.contoso.com"),
        new("lab", "lab.contoso.local"),
    ];

    /// <summary>Organizationally unique identifiers registered to Intel (IEEE MA-L), as the onboard vPro NICs carry.</summary>
    public static IReadOnlyList<string> IntelOuis { get; } = ["00:1b:21", "00:13:e8", "00:13:02", "a4:02:b9", "4c:34:88", "e4:f8:9c", "08:b4:d2", "e4:c7:67"];

    /// <summary>
    /// Firmware mix by generation, with weights. The generations are the ones the issue names
    /// (3.2, 6.x, 11.8, 12, 15, 16, 19); the build numbers and weights are illustrative. [I]
    /// </summary>
    public static IReadOnlyList<(string Version, float Weight)> FirmwareMix { get; } =
    [
        ("3.2.1.1010", 0.02f),
        ("6.0.40.1215", 0.03f),
        ("6.2.61.3535", 0.04f),
        ("11.8.50.3425", 0.22f),
        ("12.0.45.1509", 0.14f),
        ("15.0.23.1706", 0.20f),
        ("16.1.25.2124", 0.25f),
        ("19.0.0.1854", 0.10f),
    ];

    /// <summary>SKU values as AMT reports them: 16392 = corporate (vPro); 8 = standard manageability. The second value is [I].</summary>
    public static IReadOnlyList<(string Sku, float Weight)> SkuMix { get; } = [("16392", 0.9f), ("8", 0.1f)];

    private static readonly string[] HostPrefixes = ["ws", "lt", "pc", "dt"];

    public static IReadOnlyList<FleetDevice> Generate(int count, long runSeed, IReadOnlyList<FleetScope>? scopes = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        scopes ??= DefaultScopes;
        if (scopes.Count == 0)
        {
            throw new ArgumentException("a fleet needs at least one scope", nameof(scopes));
        }

        var devices = new List<FleetDevice>(count);
        var hostnames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < count; i++)
        {
            var device = GenerateOne(i, runSeed, scopes);
            var hostname = device.Hostname;
            for (var n = 2; !hostnames.Add(hostname); n++)
            {
                hostname = $"{device.Hostname[..Math.Min(device.Hostname.Length, 12)]}-{n}";
            }

            devices.Add(hostname == device.Hostname ? device : device with { Hostname = hostname, Fqdn = $"{hostname}.{scopes.First(s => s.Name == device.Scope).Suffix}" });
        }

        return devices;
    }

    /// <summary>Device <paramref name="index"/> of the fleet of <paramref name="runSeed"/> (host name not yet made unique).</summary>
    public static FleetDevice GenerateOne(int index, long runSeed, IReadOnlyList<FleetScope> scopes)
    {
        var seed = SeedDerivation.Derive(runSeed, index, SeedPurpose);
        var scopeArray = scopes.ToArray();
        var faker = Fakers.Value!;
        faker.Index = index;
        faker.Seed = seed;
        faker.Scopes = scopeArray;
        return faker.Faker.UseSeed(seed).Generate();
    }

    /// <summary>One faker per thread, reseeded (UseSeed) for every device: building a Faker&lt;T&gt; costs far more than reseeding it.</summary>
    private static readonly ThreadLocal<DeviceFaker> Fakers = new(() => new DeviceFaker());

    private sealed class DeviceFaker
    {
        public DeviceFaker()
        {
            Faker = new Faker<FleetDevice>().CustomInstantiator(f =>
            {
                var scope = f.PickRandom(Scopes);
                var prefix = f.PickRandom(HostPrefixes);
                var name = new string([.. f.Name.LastName().ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);
                var hostname = $"{prefix}-{name[..Math.Min(name.Length, 8)]}{f.Random.Number(1, 999).ToString("000", CultureInfo.InvariantCulture)}";
                var mac = $"{f.PickRandom(IntelOuiArray)}:{string.Join(':', f.Random.Bytes(3).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)))}";
                var firmware = f.Random.WeightedRandom(FirmwareVersions, FirmwareWeights);
                var sku = f.Random.WeightedRandom(Skus, SkuWeights);
                return new FleetDevice
                {
                    Index = Index,
                    Seed = Seed,
                    Uuid = f.Random.Uuid(),
                    Mac = mac,
                    Hostname = hostname,
                    Scope = scope.Name,
                    Fqdn = $"{hostname}.{scope.Suffix}",
                    Firmware = FirmwareVersion.Parse(firmware),
                    Sku = sku,
                };
            });
        }

        public Faker<FleetDevice> Faker { get; }

        public int Index { get; set; }

        public int Seed { get; set; }

        public FleetScope[] Scopes { get; set; } = [];
    }

    private static readonly string[] IntelOuiArray = [.. IntelOuis];
    private static readonly string[] FirmwareVersions = [.. FirmwareMix.Select(m => m.Version)];
    private static readonly float[] FirmwareWeights = [.. FirmwareMix.Select(m => m.Weight)];
    private static readonly string[] Skus = [.. SkuMix.Select(m => m.Sku)];
    private static readonly float[] SkuWeights = [.. SkuMix.Select(m => m.Weight)];
}
