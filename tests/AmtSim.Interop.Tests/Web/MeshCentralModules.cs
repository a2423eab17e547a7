using AmtSim.Testing;
using Xunit;

namespace AmtSim.Interop.Tests.Web;

/// <summary>
/// Where .ci/install-node-deps.sh puts the npm package meshcentral (pinned 1.1.55):
/// $AMTSIM_NODE_CACHE, else ~/.cache/amtsim/node.
/// </summary>
internal static class MeshCentralModules
{
    public const string Version = "1.1.55";

    public const string Install = "run .ci/install-node-deps.sh (npm install meshcentral@" + Version + " into $AMTSIM_NODE_CACHE or ~/.cache/amtsim/node)";

    public static string CacheFolder =>
        Environment.GetEnvironmentVariable("AMTSIM_NODE_CACHE") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "amtsim", "node");

    public static string AmtFolder => Path.Combine(CacheFolder, "node_modules", "meshcentral", "amt");

    public static bool Installed => File.Exists(Path.Combine(AmtFolder, "amt-wsman-comm.js"));

    /// <summary>Why a MeshCentral test cannot run here, or null when node and the modules are present.</summary>
    public static string? Missing()
    {
        if (ExternalProgram.Find("node") is null)
        {
            return "'node' not found on PATH; install it with: apt-get install nodejs npm, then " + Install;
        }

        return Installed ? null : $"MeshCentral's WS-Man modules are not in {AmtFolder}; {Install}";
    }
}

/// <summary>A fact that needs node and the cached meshcentral package: skipped with how to install them outside CI, run (and failing) under CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresMeshCentralFactAttribute : FactAttribute
{
    public RequiresMeshCentralFactAttribute()
    {
        if (MeshCentralModules.Missing() is { } why && !ExternalProgram.InCi)
        {
            Skip = why;
        }
    }
}
