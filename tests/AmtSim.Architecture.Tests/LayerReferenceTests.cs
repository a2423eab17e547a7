using System.Reflection;
using System.Xml.Linq;
using Xunit;

namespace AmtSim.Architecture.Tests;

/// <summary>
/// The layers' arrows point one way (issue 13). Checked twice: on the ProjectReference items of
/// every csproj under src/ and bench/ (a reference nobody uses yet is still a door), and on the
/// assembly references the compiler wrote into each built assembly (what the code really uses).
/// </summary>
public class LayerReferenceTests
{
    [Fact]
    public void ProjectReferences_EveryProject_FollowTheLayerTable()
    {
        var references = ProjectFiles().ToDictionary(
            p => Path.GetFileNameWithoutExtension(p),
            p => (IReadOnlyCollection<string>)XDocument.Load(p).Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
                .ToArray());

        Assert.Equal(LayerRules.Allowed.Keys.Order(), references.Keys.Order());
        Assert.Empty(LayerRules.Violations(references));
    }

    [Fact]
    public void AssemblyReferences_EveryBuiltLayer_FollowTheLayerTable()
    {
        var references = LayerRules.Allowed.Keys.ToDictionary(
            name => name,
            name => (IReadOnlyCollection<string>)Assembly.Load(AssemblyName(name)).GetReferencedAssemblies().Select(a => ProjectName(a.Name!)).ToArray());

        Assert.Empty(LayerRules.Violations(references));
    }

    [Fact]
    public void Violations_ProvisioningReferencesFirmware_IsReported()
    {
        var references = new Dictionary<string, IReadOnlyCollection<string>>
        {
            ["AmtSim.Provisioning"] = ["AmtSim.Pki", "AmtSim.Firmware", "System.Runtime"],
            ["AmtSim.Runtime"] = ["AmtSim.Protocol"],
            ["AmtSim.Pki"] = ["AmtSim.Network"],
            ["AmtSim.Firmware"] = ["AmtSim.Provisioning"],
        };

        Assert.Equal(
            ["AmtSim.Firmware -> AmtSim.Provisioning", "AmtSim.Pki -> AmtSim.Network", "AmtSim.Provisioning -> AmtSim.Firmware", "AmtSim.Runtime -> AmtSim.Protocol"],
            LayerRules.Violations(references));
    }

    [Fact]
    public void Violations_ProjectMissingFromTable_IsReported()
    {
        var references = new Dictionary<string, IReadOnlyCollection<string>> { ["AmtSim.Newcomer"] = [] };

        Assert.Equal(["AmtSim.Newcomer: not in the layer table"], LayerRules.Violations(references));
    }

    // The CLI's assembly is named after its command.
    private static string AssemblyName(string project) => project == "AmtSim.Cli" ? "amtsim" : project;

    private static string ProjectName(string assembly) => assembly == "amtsim" ? "AmtSim.Cli" : assembly;

    private static IEnumerable<string> ProjectFiles()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "AmtSim.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("AmtSim.sln not found above " + AppContext.BaseDirectory);
        }

        return new[] { "src", "bench" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.csproj", SearchOption.AllDirectories));
    }
}
