using AmtSim.Scenarios.Loading;
using AmtSim.Scenarios.Running;
using AmtSim.Scenarios.World;
using AmtSim.Testing;
using AmtSim.Testing.Fixtures;
using Xunit;

namespace AmtSim.Interop.Tests.Provisioning;

/// <summary>`server.kind: external` in a scenario: the world runs the command through the adapter instead of the built-in service point.</summary>
public class ExternalServerWorldTests
{
    private static readonly string Script = Path.Combine(RepoFixtures.RepositoryRoot, "tests", "AmtSim.Interop.Tests", "Provisioning", "Scripts", "wsman-get-over-provisioning-tls.sh");

    [RequiresProgramFact("openssl", "apt-get install openssl")]
    public async Task World_ExternalServerKind_RunsTheCommandAndObservesItsOutputAndTheDevices()
    {
        var yaml = $"""
            name: external-script
            seed: 1
            run-for: 30s
            network:
              scopes:
                - name: hq
                  option15: contoso.com
                  devices: 1
            server:
              kind: external
              command: [bash, '{Script}']
            """;
        var scenario = ScenarioLoader.Parse(yaml, "external-script.yaml");
        var work = Directory.CreateTempSubdirectory("amtsim-external-world-").FullName;
        try
        {
            var observation = await new WorldExecutor(RepoFixtures.PkiDirectory).ExecuteAsync(scenario, scenario.Seed, new RunOptions { WorkDirectory = work, Partition = 13 }, CancellationToken.None);

            var device = Assert.Single(observation.Devices);
            Assert.Contains($"external: device {device.Hostname}.contoso.com at {device.Address}:16993", observation.ServerLog);
            Assert.True(observation.ServerLog.Contains("external: status HTTP/1.1 200 OK"), string.Join('\n', observation.ServerLog) + "\n" + string.Join('\n', device.Timeline.Select(t => t.Text)));
            Assert.Contains(observation.ServerLog, l => l.StartsWith("external: DigestRealm Digest:", StringComparison.Ordinal));
            Assert.Equal("in", device.State); // an accepted provisioning chain opens the PKI setup session; nothing committed it
            Assert.Equal("NotCommitted", device.Reason); // issue 18: a device left in-provisioning is not "Accepted"
            Assert.Equal(string.Join('\n', observation.ServerLog) + "\n", await File.ReadAllTextAsync(Path.Combine(work, "external-script", "server.log")));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
