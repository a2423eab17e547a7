using AmtSim.Scenarios.World;
using AmtSim.Testing;
using Xunit;

namespace AmtSim.Interop.Tests.Web;

/// <summary>
/// Where .ci/install-node-deps.sh puts the npm package meshcentral (pinned 1.1.55):
/// $AMTSIM_NODE_CACHE, else ~/.cache/amtsim/node.
/// </summary>
internal static class MeshCentralModules
{
    public const string Version = MeshCentralInstallation.Version;

    public static string CacheFolder => MeshCentralInstallation.CacheFolder;

    public static string AmtFolder => Path.Combine(MeshCentralInstallation.PackageFolder, "amt");

    public static bool Installed => MeshCentralInstallation.Missing() is null;

    /// <summary>Why a MeshCentral test cannot run here, or null when node and the modules are present.</summary>
    public static string? Missing() => MeshCentralInstallation.Missing();
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
