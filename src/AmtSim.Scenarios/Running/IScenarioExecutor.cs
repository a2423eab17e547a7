using AmtSim.Scenarios.Model;

namespace AmtSim.Scenarios.Running;

/// <summary>Options for one run of the suite.</summary>
public sealed record RunOptions
{
    /// <summary>Overrides every scenario's seed when set.</summary>
    public long? Seed { get; init; }

    /// <summary>Wall-clock time instead of the virtual clock.</summary>
    public bool RealTime { get; init; }

    /// <summary>Scenarios run at once.</summary>
    public int Parallel { get; init; } = 1;

    /// <summary>Where a scenario may write files (PFX copies, logs); one subfolder per scenario.</summary>
    public string WorkDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "amtsim-run");

    /// <summary>
    /// Address partition of the run (0 to 30): which block of 127.0.0.0/8 its devices and servers
    /// use. Scenarios run side by side get consecutive partitions from this one; two amtsim
    /// processes on one machine need different ones.
    /// </summary>
    public int Partition { get; init; } = PartitionFromEnvironment();

    /// <summary>
    /// The runner picks free partitions itself (<see cref="PartitionClaim.ClaimFree"/>) instead of
    /// starting at <see cref="Partition"/>: what <c>amtsim run</c> does when neither
    /// <c>--partition</c> nor AMTSIM_PARTITION is given.
    /// </summary>
    public bool AutoPartition { get; init; }

    /// <summary>Called once with the partitions the run holds and whether they were chosen automatically.</summary>
    public Action<IReadOnlyList<int>, bool>? PartitionsChosen { get; init; }

    /// <summary>AMTSIM_PARTITION when it holds a valid partition, else 0.</summary>
    public static int PartitionFromEnvironment()
        => int.TryParse(Environment.GetEnvironmentVariable("AMTSIM_PARTITION"), out var p) && p is >= 0 and <= Network.Addressing.LoopbackAddressAllocator.MaxPartition ? p : 0;

    /// <summary>Called for each device just before it boots (benchmarks hook timing and counters here).</summary>
    public Action<int, AmtSim.Firmware.Device.AmtDevice>? DeviceBooting { get; init; }

    /// <summary>Called once every device's web server listens and before any boots (benchmarks measure idle memory here).</summary>
    public Action<int>? DevicesListening { get; init; }

    /// <summary>Provisioning tasks the built-in service point runs at once (null: no limit).</summary>
    public int? MaxConcurrentProvisionings { get; init; }

    /// <summary>
    /// The part of every scenario's fleet this run builds (<c>--shard I/N</c>); the devices keep the
    /// identities, keys and seeds of their fleet index, so N shards together are the whole run.
    /// </summary>
    public AmtSim.Runtime.Determinism.Shard Shard { get; init; } = AmtSim.Runtime.Determinism.Shard.Whole;

    /// <summary>Progress of a fleet: (done, total) devices.</summary>
    public IProgress<(int Done, int Total)>? Progress { get; init; }
}

/// <summary>Builds a scenario's world (PKI, network, devices, server), runs it and observes what happened.</summary>
public interface IScenarioExecutor
{
    /// <summary>Runs the scenario with the given seed. Throws <see cref="ScenarioSetupException"/> when the world cannot be built.</summary>
    Task<RunObservation> ExecuteAsync(Scenario scenario, long seed, RunOptions options, CancellationToken cancellationToken);
}

/// <summary>A scenario's world could not be set up (address or port in use, missing fixture, missing program).</summary>
public sealed class ScenarioSetupException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A scenario needs an optional program (a third-party server) that is not installed here; the run skips it with this message.</summary>
public sealed class ScenarioSkippedException(string message) : Exception(message);
