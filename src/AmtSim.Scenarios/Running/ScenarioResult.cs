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
    public IReadOnlyList<ExpectationFailure> Failures { get; init; } = [];
    public RunObservation Observation { get; init; } = new();

    /// <summary>For <see cref="Verdict.Error"/>: what went wrong; for <see cref="Verdict.Skipped"/>: what is missing.</summary>
    public string? Error { get; init; }

    /// <summary>The command that replays this run.</summary>
    public string ReplayCommand => $"amtsim run {Scenario.File} --seed {Seed}";
}
