using AmtSim.Scenarios.Diagnosis.Reading;

namespace AmtSim.Scenarios.Diagnosis;

/// <summary>
/// The diagnoser's answer for one log: a verdict (the best complete candidate) and the other
/// complete candidates ranked, or no verdict and the closest partial candidates with what they miss.
/// </summary>
public sealed record DiagnosisReport(LogDocument Log, Candidate? Verdict, IReadOnlyList<Candidate> Alternatives, IReadOnlyList<Candidate> Closest)
{
    public bool KnownFailure => Verdict is not null;
}
