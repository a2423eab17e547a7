using AmtSim.Firmware.Device;
using AmtSim.Scenarios.Model;
using AmtSim.Scenarios.Running;
using AmtSim.Scenarios.World;
using AmtSim.Testing.Fixtures;
using Xunit;

namespace AmtSim.Interop.Tests.Fleet;

/// <summary>The built-in service point's limit on provisioning tasks at once (<c>amtsim bench fleet --concurrency</c>).</summary>
public class ProvisioningConcurrencyTests
{
    [Fact]
    public async Task World_LimitOfOne_ProvisionsEveryDeviceOneAtATime()
    {
        var scenario = new Scenario
        {
            Name = "concurrency-one",
            File = "(test)",
            Seed = 3,
            RunFor = TimeSpan.FromMinutes(10),
            Network = new NetworkSpec { Scopes = [new ScopeSpec { Name = "hq", Option15 = "contoso.com", Devices = 4 }] },
            Devices = new DeviceSpec { Firmware = "16.1.25.2124" },
        };
        var gate = new Lock();
        int inProvisioning = 0, mostAtOnce = 0;
        var options = new RunOptions
        {
            WorkDirectory = Directory.CreateTempSubdirectory("amtsim-concurrency-").FullName,
            Partition = 5,
            MaxConcurrentProvisionings = 1,
            DeviceBooting = (_, device) => device.StateChanged += (_, state) =>
            {
                lock (gate)
                {
                    inProvisioning += state switch { ProvisioningState.In => 1, ProvisioningState.Post => -1, _ => 0 };
                    mostAtOnce = Math.Max(mostAtOnce, inProvisioning);
                }
            },
        };

        try
        {
            var observation = await new WorldExecutor(RepoFixtures.PkiDirectory).ExecuteAsync(scenario, scenario.Seed, options, CancellationToken.None);

            Assert.All(observation.Devices, d => Assert.Equal("post", d.State));
            Assert.Equal(1, mostAtOnce);
        }
        finally
        {
            Directory.Delete(options.WorkDirectory, recursive: true);
        }
    }
}
