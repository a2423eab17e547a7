using AmtSim.Provisioning.Sccm;
using AmtSim.Scenarios.Running;

namespace AmtSim.Scenarios.World.Servers;

/// <summary>
/// The provisioning server of a world: the one thing that varies between worlds (the built-in
/// SCCM service point, a program run as a process such as MeshCentral, an RPS the user runs). The world
/// builds the network and the devices, boots them, then starts the server, drives the clock and
/// asks the server for what it observed.
/// </summary>
internal interface IWorldServer : IAsyncDisposable
{
    /// <summary>Starts the server; the devices have their leases and listen. Failures to start are <see cref="ScenarioSetupException"/>.</summary>
    Task StartAsync(WorldDevices devices, CancellationToken cancellationToken);

    /// <summary>After the devices' virtual schedule ended: a server working outside the virtual clock finishes here.</summary>
    Task FinishAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Whether the devices' clock moves with the wall clock while <see cref="FinishAsync"/> runs: a
    /// program that works in real time next to the devices (MeshCentral's Intel AMT manager and MPS)
    /// sees their timers fire as on real hardware (a periodic CIRA trigger, keep-alives). False keeps
    /// the clocks at the end of the schedule (RPS: Digest nonces and certificate dates stay put).
    /// </summary>
    bool ClockFollowsWallClockWhileFinishing => false;

    /// <summary>
    /// Raised when the server says it is done and about to shut down (MeshCentral's launcher prints so
    /// before it stops MeshCentral): the world takes the devices' CIRA states then, before the MPS going
    /// away drops every tunnel. Servers that never say so leave the states of the end of the run.
    /// </summary>
    event Action? Ending;

    /// <summary>What the server logged, written into the run folder, as the observation carries it.</summary>
    Task<ServerObservation> ObserveAsync(string workDir, CancellationToken cancellationToken);
}

/// <summary>The server's side of a run's observation.</summary>
/// <param name="Outcomes">The server's record of each provisioning attempt, for servers that keep one (the built-in service point); it gives devices their reasons.</param>
/// <param name="Timed">The same lines with time and subject, for servers that keep them.</param>
/// <param name="Rps">`kind: rps`: each device's session with RPS.</param>
/// <param name="RpsApiError">`kind: rps`: RPS's REST API refused the world's setup with this answer.</param>
internal sealed record ServerObservation(IReadOnlyList<string> Lines, string Text, IReadOnlyList<ObservedStatusMessage> StatusMessages, IReadOnlyList<ProvisioningOutcome>? Outcomes = null, IReadOnlyList<ServerLogLine>? Timed = null, IReadOnlyList<RpsDeviceOutcome>? Rps = null, string? RpsApiError = null);
