using AmtSim.Scenarios.Loading;
using AmtSim.Scenarios.Running;
using AmtSim.Scenarios.World;
using AmtSim.Testing.Fixtures;
using Xunit;

namespace AmtSim.Interop.Tests.Provisioning;

/// <summary>
/// Seed 004 through a whole world on the virtual clock: the enterprise CA issues one-year device
/// certificates, so the weekly maintenance task first finds one due on day 329 (35 whole days left; day 322
/// still has 42 and some hours, more than 42 days) and renews it — unless the device's management connection is wireless.
/// </summary>
public class WebCertificateWorldTests
{
    private static async Task<RunObservation> RunAsync(bool wireless, int partition)
    {
        var yaml = $"""
            name: web-certificate-{(wireless ? "wireless" : "wired")}
            seed: 1
            run-for: 330d
            network:
              scopes:
                - name: hq
                  option15: contoso.com
                  devices: 1
            devices:
              wireless: {(wireless ? "true" : "false")}
            """;
        var scenario = ScenarioLoader.Parse(yaml, "web-certificate.yaml");
        var work = Directory.CreateTempSubdirectory("amtsim-webcert-world-").FullName;
        try
        {
            return await new WorldExecutor(RepoFixtures.PkiDirectory).ExecuteAsync(scenario, scenario.Seed, new RunOptions { WorkDirectory = work, Partition = partition }, CancellationToken.None);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task World_WiredDeviceAfterAYear_RenewedOnceOnTheFirstDueCheck()
    {
        var observation = await RunAsync(wireless: false, partition: 14);

        var device = Assert.Single(observation.Devices);
        Assert.Equal("post", device.State);
        var fqdn = $"{device.Hostname}.contoso.com";
        // 36 days less the seconds provisioning took: 35 whole days left.
        Assert.Single(observation.ServerLog, l => l == $"The web server certificate of AMT device {fqdn} expires in 35 day(s). Request a new certificate.");
        Assert.Single(observation.ServerLog, l => l.StartsWith($"Renewed the web server certificate of AMT device {fqdn}.", StringComparison.Ordinal) && l.EndsWith("is revoked with reason Superseded.", StringComparison.Ordinal));
        Assert.DoesNotContain(observation.ServerLog, l => l.Contains("wireless", StringComparison.Ordinal));
    }

    [Fact]
    public async Task World_WirelessDeviceAfterAYear_NotRenewed()
    {
        var observation = await RunAsync(wireless: true, partition: 15);

        var device = Assert.Single(observation.Devices);
        Assert.Equal("post", device.State);
        var fqdn = $"{device.Hostname}.contoso.com";
        Assert.Single(observation.ServerLog, l => l == $"Warning: AMT device {fqdn} is connected by a wireless network connection. Its web server certificate can't be renewed.");
        Assert.DoesNotContain(observation.ServerLog, l => l.StartsWith("Renewed the web server certificate", StringComparison.Ordinal));
    }
}
