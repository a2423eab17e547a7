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
    private static readonly string ScenarioFile = Path.Combine(RepoFixtures.RepositoryRoot, "scenarios", "interop", "meshcentral-happy-path.yaml");

    [RequiresMeshCentralFact]
    public async Task World_MeshCentralHappyPath_ActivatesEveryDeviceInAdminControlMode()
    {
        var scenario = ScenarioLoader.LoadFile(ScenarioFile);
        var work = Directory.CreateTempSubdirectory("amtsim-meshcentral-world-").FullName;
        try
        {
            var observation = await new WorldExecutor(RepoFixtures.PkiDirectory).ExecuteAsync(scenario, scenario.Seed, new RunOptions { WorkDirectory = work, Partition = 1 }, CancellationToken.None);
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

    [RequiresMeshCentralFact]
    public async Task World_MeshCentralFailureScenarios_LeaveDevicesUnprovisionedWithMeshCentralsOwnError()
    {
        var runs = new[] { ("meshcentral-expired-intermediate", 2), ("meshcentral-untrusted-root", 3), ("meshcentral-wrong-suffix", 4) };
        var work = Directory.CreateTempSubdirectory("amtsim-meshcentral-failures-").FullName;
        try
        {
            var results = await Task.WhenAll(runs.Select(async run =>
            {
                var scenario = ScenarioLoader.LoadFile(Path.Combine(RepoFixtures.RepositoryRoot, "scenarios", "interop", run.Item1 + ".yaml"));
                var observation = await new WorldExecutor(RepoFixtures.PkiDirectory).ExecuteAsync(scenario, scenario.Seed, new RunOptions { WorkDirectory = work, Partition = run.Item2 }, CancellationToken.None);
                return (scenario, observation);
            }));

            foreach (var (scenario, observation) in results)
            {
                var failures = ExpectationChecker.Check(scenario.Expect, observation);
                Assert.True(failures.Count == 0, scenario.Name + ": " + string.Join('\n', failures) + "\n" + observation.ServerLogText);
                Assert.Equal(3, observation.Devices.Count);
                Assert.All(observation.Devices, d => Assert.Equal(("pre", "none"), (d.State, d.Mode)));
            }

            var expired = results.Single(r => r.scenario.Name == "meshcentral-expired-intermediate").observation;
            Assert.All(expired.Devices, d => Assert.Equal("IntermediateExpired", d.Reason));
            Assert.All(expired.Devices, d => Assert.Contains($"AMTSCA: {d.Address} Failed TLS connection, status=408.", expired.ServerLog));
            foreach (var name in new[] { "meshcentral-untrusted-root", "meshcentral-wrong-suffix" })
            {
                var observation = results.Single(r => r.scenario.Name == name).observation;
                Assert.All(observation.Devices, d => Assert.Contains($"AMTSCA: {d.Address} Unable to find a matching ACM activation certificate.", observation.ServerLog));
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
