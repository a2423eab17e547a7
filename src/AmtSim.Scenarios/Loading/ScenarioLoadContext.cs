using AmtSim.Pki.Fixtures;

namespace AmtSim.Scenarios.Loading;

/// <summary>
/// What checks at load compare a scenario against beyond its own text: the fixture PKI's
/// provisioning-certificate ids and whether their files are present. <see cref="Unchecked"/> skips
/// those checks (a scenario parsed without fixtures at hand, e.g. one a log diagnosis emits).
/// </summary>
public sealed record ScenarioLoadContext
{
    public static ScenarioLoadContext Unchecked { get; } = new();

    /// <summary>Provisioning-certificate ids of the fixture PKI; null when not checked.</summary>
    public IReadOnlySet<string>? FixtureIds { get; init; }

    /// <summary>Per id: the first of its files (PFX, certificate, key) that is missing, or null when all are there.</summary>
    public IReadOnlyDictionary<string, string?>? FixtureFiles { get; init; }

    /// <summary>Reads <c>fixtures.json</c> in <paramref name="directory"/>; an unreadable manifest leaves the checks to the run (a setup error there).</summary>
    public static ScenarioLoadContext FromFixtures(string directory)
    {
        FixtureManifest manifest;
        try
        {
            manifest = FixtureManifest.Load(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return Unchecked;
        }

        return new ScenarioLoadContext
        {
            FixtureIds = manifest.Fixtures.Select(f => f.Id).ToHashSet(StringComparer.Ordinal),
            FixtureFiles = manifest.Fixtures.ToDictionary(
                f => f.Id,
                f => new[] { f.Files.Pfx, f.Files.Certificate, f.Files.Key }.OfType<string>().FirstOrDefault(name => !File.Exists(Path.Combine(directory, name))),
                StringComparer.Ordinal),
        };
    }
}
