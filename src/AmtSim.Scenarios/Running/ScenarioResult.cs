using AmtSim.Scenarios.Model;

namespace AmtSim.Scenarios.Running;

public enum Verdict
{
    Passed,
    Failed,

    /// <summary>The scenario could not run (setup error: port in use, missing fixture, program not found).</summary>
    Error,

    /// <summary>The scenario needs an optional program this machine lacks (outside CI only); <see cref="ScenarioResult.Error"/> says which.</summary>
    Skipped,

    /// <summary>The scenario file could not be loaded (syntax or a check at load); <see cref="ScenarioResult.Error"/> is <c>file:line:column: problem</c>. The rest of the suite still runs.</summary>
    Invalid,

    /// <summary>
    /// One shard's part of the scenario ran (<c>--shard I/N</c>, N &gt; 1); expectations are about
    /// the whole fleet, so <c>amtsim merge</c> checks them once every shard's output is in.
    /// </summary>
    Partial,
}

/// <summary>One unmet expectation: what was checked, what was expected, what happened.</summary>
public sealed record ExpectationFailure(string What, string Expected, string Actual);

/// <summary>The outcome of running one scenario.</summary>
public sealed record ScenarioResult
{
    public required Scenario Scenario { get; init; }
    public required long Seed { get; init; }
    public required Verdict Verdict { get; init; }
    public required TimeSpan WallTime { get; init; }

    /// <summary>Wall-clock start (JUnit timestamps); never part of what a seed reproduces.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>The scenario's folder of run files (amtopmgr.log, server.log, PFX copies), when it ran.</summary>
    public string? RunDirectory { get; init; }
    public IReadOnlyList<ExpectationFailure> Failures { get; init; } = [];
    public RunObservation Observation { get; init; } = new();

    /// <summary>For <see cref="Verdict.Error"/>: what went wrong; for <see cref="Verdict.Skipped"/>: what is missing.</summary>
    public string? Error { get; init; }

    /// <summary>A file that did not load, as a result of its own (named after the file), so reports show it beside the others.</summary>
    public static ScenarioResult InvalidFile(string file, string message) => new()
    {
        Scenario = new Scenario { Name = Path.GetFileNameWithoutExtension(file), File = file },
        Seed = 0,
        Verdict = Verdict.Invalid,
        WallTime = TimeSpan.Zero,
        Error = message,
    };

    /// <summary>The command that replays this run.</summary>
    public string ReplayCommand => $"amtsim run {Scenario.File} --seed {Seed}";
}
