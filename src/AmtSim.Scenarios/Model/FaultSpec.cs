using AmtSim.Runtime.Faults;

namespace AmtSim.Scenarios.Model;

/// <summary>
/// One entry of a scenario's <c>faults:</c> section (issue 17 item 5): at which step, what fault,
/// on which half of the exchange, on which devices, how many times. The devices are either listed
/// by fleet index or picked from the run seed (<see cref="Count"/>), so one seed gives the same
/// faulted devices every run. docs/faults.md has the steps and what each fault does there.
/// </summary>
public sealed record FaultSpec
{
    /// <summary>A name from <see cref="World.Faults.FaultPoints.Steps"/> (Dhcp, Dns, Hello, TlsHandshake, a WS-Man step, CaRequest).</summary>
    public required string Step { get; init; }

    public required FaultKind Kind { get; init; }

    /// <summary>Which half of the exchange; the step's only side when it has one (<see cref="World.Faults.FaultPoints.DefaultSide"/>).</summary>
    public FaultSide Side { get; init; } = FaultSide.Answer;

    /// <summary>Fleet indexes of the faulted devices; when empty, <see cref="Count"/> devices picked from the seed.</summary>
    public IReadOnlyList<int> Indexes { get; init; } = [];

    /// <summary>How many devices the seed picks when no indexes are given.</summary>
    public int Count { get; init; } = 1;

    /// <summary>How many exchanges of the step are faulted per device (0: every one, the default).</summary>
    public int Times { get; init; }
}
