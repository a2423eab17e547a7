using AmtSim.Scenarios.Diagnosis.Reading;

namespace AmtSim.Scenarios.Diagnosis;

/// <summary>
/// The diagnoser's answer for one log: a verdict (the best complete candidate), the other failures
/// the same log shows on other lines (each with its own evidence), the other causes of the verdict's
/// lines ranked; or no verdict and the closest partial candidates with what they miss.
/// </summary>
public sealed record DiagnosisReport(LogDocument Log, Candidate? Verdict, IReadOnlyList<Candidate> Alternatives, IReadOnlyList<Candidate> Closest)
{
    public bool KnownFailure => Verdict is not null;

    /// <summary>Other failures in the log: complete candidates whose evidence is on other lines than the verdict's (and each other's).</summary>
    public IReadOnlyList<Candidate> OtherFailures { get; init; } = [];

    /// <summary>The verdict and the other failures, in the order they were ranked.</summary>
    public IEnumerable<Candidate> Failures => Verdict is null ? [] : [Verdict, .. OtherFailures];
}
