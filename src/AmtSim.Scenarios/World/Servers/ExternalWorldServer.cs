using AmtSim.Provisioning.External;
using AmtSim.Scenarios.Model;
using AmtSim.Scenarios.Running;

namespace AmtSim.Scenarios.World.Servers;

/// <summary>
/// `server.kind: external` (and meshcentral): the scenario's program runs through the
/// external-process adapter in place of the built-in service point, with the devices file and the
/// provisioning PFX. The program works in real time and the virtual clock cannot see its work, so
/// after the devices' virtual schedule the world stays up (devices listening, their clock following
/// the wall clock) until the program exits or <see cref="ServerSpec.ExternalTimeout"/> of real time
/// passes; then it is stopped.
/// Observation: the program's output as the server log.
/// </summary>
internal sealed class ExternalWorldServer(Scenario scenario, WorldPki pki, System.Net.IPAddress address, string workDir, bool realTime) : IWorldServer
{
    /// <summary>MeshCentral's console line once its Intel AMT hello server listens; devices greet only after it.</summary>
    private const string MeshCentralReadyPattern = @"^MeshCentral Intel\(R\) AMT provisioning server running on port \d+\.$";

    /// <summary>launch.js's line just before it stops MeshCentral (every device reached an end).</summary>
    private const string MeshCentralEndingPattern = @"^amtsim-meshcentral: every device reached an end; stopping MeshCentral$";

    private ExternalProcessServer? _process;
    private int _ended;

    public event Action? Ending;

    public async Task StartAsync(WorldDevices devices, CancellationToken cancellationToken)
    {
        if (scenario.Server.Command.Count == 0)
        {
            throw new ScenarioSetupException($"server.kind {scenario.Server.Kind.ToString().ToLowerInvariant()} needs server.command");
        }

        var scenarioDir = Path.GetDirectoryName(Path.GetFullPath(scenario.File)) ?? ".";
        _process = new ExternalProcessServer(new ExternalServerOptions
        {
            Name = scenario.Server.Kind.ToString().ToLowerInvariant(),
            Command = [.. scenario.Server.Command.Select(a => a.Replace("{ScenarioDir}", scenarioDir, StringComparison.Ordinal))],
            ReadyPattern = scenario.Server.Kind == ServerKind.MeshCentral ? MeshCentralReadyPattern : null,
            Address = address,
            HelloPort = scenario.Server.HelloPort,
            Devices = [.. devices.All.Select(d => new ExternalDevice(
                d.Device.Identity.Uuid,
                d.Device.Network.Address,
                d.Device.Network.Fqdn ?? (d.Scope.Option15 is { } domain ? $"{d.Device.Identity.Hostname}.{domain}" : null),
                d.Device.Identity.Firmware.Version.ToString()))],
            ProvisioningPfx = pki.ProvisioningPfxPath,
            ProvisioningPfxPassword = pki.PfxPassword,
            WorkingDirectory = Path.Combine(workDir, "external"),
        });
        if (scenario.Server.Kind == ServerKind.MeshCentral)
        {
            var ending = new System.Text.RegularExpressions.Regex(MeshCentralEndingPattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            _process.LineReceived += line =>
            {
                if (ending.IsMatch(line) && Interlocked.Exchange(ref _ended, 1) == 0)
                {
                    Ending?.Invoke();
                }
            };
        }

        try
        {
            await _process.StartAsync(cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            throw new ScenarioSetupException(ex.Message, ex);
        }
    }

    /// <summary>
    /// The program works in real time, so after the virtual schedule the devices' clock follows the
    /// wall clock: a CIRA device's periodic trigger fires 10 s (MeshCentral's interval) after the
    /// policy was added, its keep-alives every 30 s, as next to real hardware.
    /// </summary>
    public bool ClockFollowsWallClockWhileFinishing => !realTime;

    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        var process = _process ?? throw new InvalidOperationException("the external server was not started");
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            limit.CancelAfter(realTime ? scenario.RunFor : scenario.Server.ExternalTimeout);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Still running at the limit; stopped below like any server at the end of a run.
            }
        }

        await process.StopAsync();
    }

    public async Task<ServerObservation> ObserveAsync(string workDir, CancellationToken cancellationToken)
    {
        var lines = _process?.LogLines ?? (IReadOnlyList<string>)[];
        var text = string.Join('\n', lines) + (lines.Count > 0 ? "\n" : "");
        await File.WriteAllTextAsync(Path.Combine(workDir, "server.log"), text, cancellationToken);
        return new ServerObservation(lines, text, []);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _process, null) is { } process)
        {
            await process.DisposeAsync();
        }
    }
}
