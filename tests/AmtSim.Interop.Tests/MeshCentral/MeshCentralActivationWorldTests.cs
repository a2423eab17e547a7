using AmtSim.Interop.Tests.Web;
using AmtSim.Scenarios.Loading;
using AmtSim.Scenarios.Running;
using AmtSim.Scenarios.World;
using AmtSim.Testing.Fixtures;
using Xunit;

namespace AmtSim.Interop.Tests.MeshCentral;

/// <summary>MeshCentral 1.1.55's Intel AMT hello server (a provisioning server nobody here wrote) activates simulated devices.</summary>
public class MeshCentralActivationWorldTests
{
    private static readonly string ScenarioFile = Path.Combine(RepoFixtures.RepositoryRoot, "scenarios-interop", "meshcentral-happy-path.yaml");

    [RequiresMeshCentralFact]
    public async Task World_MeshCentralHappyPath_ActivatesEveryDeviceInAdminControlMode()
    {
        var scenario = ScenarioLoader.LoadFile(ScenarioFile);
        var work = Directory.CreateTempSubdirectory("amtsim-meshcentral-world-").FullName;
        try
        {
            var observation = await new WorldExecutor(RepoFixtures.PkiDirectory).ExecuteAsync(scenario, scenario.Seed, new RunOptions { WorkDirectory = work, Partition = 19 }, CancellationToken.None);
            var log = observation.ServerLogText;

            Assert.Equal(3, observation.Devices.Count);
            Assert.Empty(ExpectationChecker.Check(scenario.Expect, observation));
            var activations = await File.ReadAllTextAsync(Path.Combine(work, scenario.Name, "external", "meshcentral-data", "amtactivation.log"));
            foreach (var device in observation.Devices)
            {
                var story = log + "\n" + string.Join('\n', device.Timeline.Select(t => $"{t.Kind}: {t.Text}"));
                Assert.True(device.State == "post" && device.Mode == "admin", $"device {device.Address} is {device.State}/{device.Mode}\n{story}");
                Assert.Contains($"AMTSCA: {device.Address} Intel AMT ACM activation completed.", observation.ServerLog);
                Assert.Contains(device.Timeline, t => t.Kind == "TLS" && t.Ok);
                Assert.Contains(device.Timeline, t => t.Kind == "WS-Man" && t.Text.Contains("CommitChanges", StringComparison.Ordinal) && t.Ok);
                Assert.Contains($"\"action\":\"acmactivate-bare-metal\"", activations, StringComparison.Ordinal);
                Assert.Contains($"\"ip\":\"{device.Address}\"", activations, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
