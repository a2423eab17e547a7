using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AmtSim.Pki.Fixtures;

/// <summary>
/// The machine-readable description of a fixture PKI (<c>fixtures.json</c>): which file is what,
/// and the verdict a simulated device should reach. Verdicts are the names of the firmware's
/// <c>ValidationReason</c> values (strings, since this project sits below the firmware).
/// </summary>
public sealed record FixtureManifest
{
    public const string FileName = "fixtures.json";

    public required long Seed { get; init; }
    public required DateTimeOffset ReferenceTime { get; init; }
    public required string PfxPassword { get; init; }

    /// <summary>The device the verdicts are for.</summary>
    public required FixtureDevice Device { get; init; }

    public required IReadOnlyList<FixtureAuthority> Authorities { get; init; }

    /// <summary>Provisioning certificates (and the chain-less PFX), each with its expected verdict.</summary>
    public required IReadOnlyList<FixtureProvisioningCertificate> Fixtures { get; init; }

    /// <summary>Source-generated metadata (no reflection, so the native build reads it too) over these options.</summary>
    private static readonly FixtureManifestJson Json = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public string ToJson() => JsonSerializer.Serialize(this, Json.FixtureManifest) + "\n";

    public static FixtureManifest FromJson(string json)
        => JsonSerializer.Deserialize(json, Json.FixtureManifest) ?? throw new JsonException("empty fixture manifest");

    public static FixtureManifest Load(string directory) => FromJson(File.ReadAllText(Path.Combine(directory, FileName)));
}

/// <summary>The simulated device the expected verdicts assume.</summary>
public sealed record FixtureDevice(int FirmwareMajor, string TrustedDnsSuffix, string TrustedRoots, DateTimeOffset Now);

/// <summary>A root or intermediate CA of the fixture PKI.</summary>
public sealed record FixtureAuthority
{
    public required string Id { get; init; }
    public required string Role { get; init; }
    public required string Subject { get; init; }
    public string? Issuer { get; init; }
    public required bool TrustedByDevices { get; init; }
    public required string Purpose { get; init; }
    public required DateTimeOffset NotBefore { get; init; }
    public required DateTimeOffset NotAfter { get; init; }
    public required string Sha1Thumbprint { get; init; }
    public required string Sha256Thumbprint { get; init; }
    public required FixtureFiles Files { get; init; }
}

/// <summary>A certificate chain to present to a device, and what the device should say.</summary>
public sealed record FixtureProvisioningCertificate
{
    public required string Id { get; init; }
    public required string Purpose { get; init; }
    public required string CommonName { get; init; }
    public string? OrganizationalUnit { get; init; }
    public required IReadOnlyList<string> ExtendedKeyUsages { get; init; }
    public required string SignatureHash { get; init; }
    public required int KeyBits { get; init; }
    public required DateTimeOffset NotBefore { get; init; }
    public required DateTimeOffset NotAfter { get; init; }

    /// <summary>Ids of the certificates in the chain as presented: leaf first, root last.</summary>
    public required IReadOnlyList<string> Chain { get; init; }

    /// <summary>Subject CN of the chain's root.</summary>
    public required string Root { get; init; }

    public required string TrustedDnsSuffix { get; init; }

    /// <summary>A <c>ValidationReason</c> name for the manifest's device.</summary>
    public required string ExpectedVerdict { get; init; }

    /// <summary>The verdict on firmware before AMT 16, when it differs (SHA-1, small keys).</summary>
    public string? ExpectedVerdictBeforeAmt16 { get; init; }

    public required string Sha1Thumbprint { get; init; }
    public required FixtureFiles Files { get; init; }
}

/// <summary>File names (relative to the fixture folder); null where the fixture has no such file.</summary>
public sealed record FixtureFiles
{
    public string? Certificate { get; init; }
    public string? CertificateDer { get; init; }
    public string? Chain { get; init; }
    public string? Key { get; init; }
    public string? Pfx { get; init; }
}

[JsonSerializable(typeof(FixtureManifest))]
internal sealed partial class FixtureManifestJson : JsonSerializerContext;
