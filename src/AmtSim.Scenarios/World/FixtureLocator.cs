using AmtSim.Pki.Fixtures;

namespace AmtSim.Scenarios.World;

/// <summary>Finds the fixture PKI: AMTSIM_FIXTURES, else fixtures/pki in the current folder or above, else beside the program.</summary>
public static class FixtureLocator
{
    public static string? Find(string? startDirectory = null)
    {
        if (Environment.GetEnvironmentVariable("AMTSIM_FIXTURES") is { Length: > 0 } configured)
        {
            return configured;
        }

        foreach (var start in new[] { startDirectory ?? Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "fixtures", "pki");
                if (File.Exists(Path.Combine(candidate, FixtureManifest.FileName)))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
