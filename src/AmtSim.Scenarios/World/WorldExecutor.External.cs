using AmtSim.Firmware.Boot;
using AmtSim.Firmware.Device;
using AmtSim.Runtime.Time;
using AmtSim.Network.Embedded;
using AmtSim.Pki.Fixtures;
using AmtSim.Provisioning.External;
using AmtSim.Scenarios.Model;
using AmtSim.Scenarios.Running;

namespace AmtSim.Scenarios.World;

/// <summary>
/// `server.kind: external` (and meshcentral with a command): the scenario's program runs through the
/// external-process adapter in place of the built-in service point, with the devices file and the
/// provisioning PFX. The program works in real time and the virtual clock cannot see its work, so
/// the world runs the devices' virtual schedule to the scenario's end and then stays up (devices
/// listening) until the program exits or <see cref="ServerSpec.ExternalTimeout"/> of real time
/// passes; then it is stopped. Observation: the devices' states and the program's output as the server log.
/// </summary>
public sealed partial class WorldExecutor
{
    private sealed record ExternalWorld(
        Scenario Scenario,
        RunOptions Options,
        FixtureManifest Manifest,
        string PfxPath,
        ServerHost Server,
        List<(AmtDevice Device, ScopeSpec Scope, int Index)> Devices,
        EmbeddedNetwork Network,
        TimeProvider Time,
        VirtualTimeProvider? VirtualTime,
        WorkTracker Work,
        string WorkDir,
        List<DeviceNetworkAgent> Agents);

    /// <summary>MeshCentral's console line once its Intel AMT hello server listens; devices boot only after it.</summary>
    private const string MeshCentralReadyPattern = @"^MeshCentral Intel\(R\) AMT provisioning server running on port \d+\.$";

    private static async Task<RunObservation> RunExternalServerAsync(ExternalWorld w, CancellationToken cancellationToken)
    {
        var scenario = w.Scenario;
        if (scenario.Server.Command.Count == 0)
        {
            throw new ScenarioSetupException($"server.kind {scenario.Server.Kind.ToString().ToLowerInvariant()} needs server.command");
        }

        var scenarioDir = Path.GetDirectoryName(Path.GetFullPath(scenario.File)) ?? ".";
        await using var external = new ExternalProcessServer(new ExternalServerOptions
        {
            Name = scenario.Server.Kind.ToString().ToLowerInvariant(),
            Command = [.. scenario.Server.Command.Select(a => a.Replace("{ScenarioDir}", scenarioDir, StringComparison.Ordinal))],
            ReadyPattern = scenario.Server.Kind == ServerKind.MeshCentral ? MeshCentralReadyPattern : null,
            Address = w.Server.Address,
            HelloPort = scenario.Server.HelloPort,
            Devices = [.. w.Devices.Select(d => new ExternalDevice(
                d.Device.Identity.Uuid,
                d.Device.Network.Address,
                d.Device.Network.Fqdn ?? (d.Scope.Option15 is { } domain ? $"{d.Device.Identity.Hostname}.{domain}" : null),
                d.Device.Identity.Firmware.Version.ToString()))],
            ProvisioningPfx = w.PfxPath,
            ProvisioningPfxPassword = w.Manifest.PfxPassword,
            WorkingDirectory = Path.Combine(w.WorkDir, "external"),
        });
        try
        {
            await external.StartAsync(cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            throw new ScenarioSetupException(ex.Message, ex);
        }

        var hello = new HelloOptions { Port = scenario.Server.HelloPort, Window = scenario.Devices.HelloWindow };
        using (w.Work.Begin())
        {
            foreach (var (device, _, _) in w.Devices)
            {
                var agent = new DeviceNetworkAgent(device, w.Network.CreateStack(w.Time), hello, work: w.Work);
                w.Agents.Add(agent);
                await agent.StartAsync(cancellationToken);
                w.Options.Progress?.Report((w.Agents.Count, w.Devices.Count));
            }
        }

        var end = scenario.Now + scenario.RunFor;
        if (w.VirtualTime is not null)
        {
            await VirtualClockDriver.RunAsync(w.VirtualTime, w.Work, end, cancellationToken: cancellationToken);
        }

        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            limit.CancelAfter(w.VirtualTime is null ? scenario.RunFor : scenario.Server.ExternalTimeout);
            try
            {
                await external.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The program is still running at the limit; it is stopped below like any server at the end of a run.
            }
        }

        await external.StopAsync();
        var lines = external.LogLines;
        var text = string.Join('\n', lines) + (lines.Count > 0 ? "\n" : "");
        await File.WriteAllTextAsync(Path.Combine(w.WorkDir, "server.log"), text, cancellationToken);
        return new RunObservation
        {
            Devices = [.. w.Devices.Select(d => DeviceObserver.Observe(d.Index, d.Scope.Name, d.Device))],
            ServerLog = lines,
            ServerLogText = text,
            VirtualStart = scenario.Now,
            VirtualEnd = w.Time.GetUtcNow(),
        };
    }
}
