namespace AmtSim.Scenarios.World;

/// <summary>
/// Where .ci/install-node-deps.sh installs the npm package meshcentral (pinned 1.1.55) for
/// <c>server.kind: meshcentral</c>: $AMTSIM_NODE_CACHE, else ~/.cache/amtsim/node; and whether it
/// and node are here. Outside CI a missing one skips the scenario with <see cref="Missing"/>; in CI
/// it is a setup error, so a CI run never passes by skipping.
/// </summary>
public static class MeshCentralInstallation
{
    public const string Version = "1.1.55";

    public const string Install = "run .ci/install-node-deps.sh (npm install meshcentral@" + Version + " into $AMTSIM_NODE_CACHE or ~/.cache/amtsim/node)";

    public static string CacheFolder =>
        Environment.GetEnvironmentVariable("AMTSIM_NODE_CACHE") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "amtsim", "node");

    public static string PackageFolder => Path.Combine(CacheFolder, "node_modules", "meshcentral");

    /// <summary>True under CI: <c>CI=true</c>, the rule the README states and the test attributes use.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why MeshCentral cannot run here, or null when node and the package are present.</summary>
    public static string? Missing()
    {
        if (FindOnPath("node") is null)
        {
            return "'node' not found on PATH; install it (apt-get install nodejs npm), then " + Install;
        }

        return File.Exists(Path.Combine(PackageFolder, "meshcentral.js")) && File.Exists(Path.Combine(PackageFolder, "amt", "amt-wsman-comm.js"))
            ? null
            : $"MeshCentral {Version} is not installed in {PackageFolder}; {Install}";
    }

    private static string? FindOnPath(string program)
        => (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
