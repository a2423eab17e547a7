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

    /// <summary>Address partition of the run (scenarios running side by side get different ones).</summary>
    public int Partition { get; init; }

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
