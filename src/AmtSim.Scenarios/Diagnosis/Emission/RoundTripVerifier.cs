using AmtSim.Scenarios.Diagnosis.Reading;
using AmtSim.Scenarios.Diagnosis.Signatures;
using AmtSim.Scenarios.Loading;
using AmtSim.Scenarios.Model;

namespace AmtSim.Scenarios.Diagnosis.Emission;

/// <summary>
/// Verifies by round trip: load the scenario, run it with the given delegate (the scenario runner's
/// job: it returns the amtopmgr.log text the run wrote), diagnose that log, and compare. The
/// expected signature counts as reproduced when it is the verdict or a candidate on the verdict's
/// own lines (several causes write the same SCCM lines; seed 001).
/// </summary>
public sealed class RoundTripVerifier(Func<Scenario, CancellationToken, Task<string>> runAndReadAmtOpMgrLog, Diagnoser? diagnoser = null) : IScenarioVerifier
{
    private readonly Diagnoser _diagnoser = diagnoser ?? new Diagnoser();

    public async Task<VerificationResult> VerifyAsync(string scenarioPath, string expectedSignatureId, CancellationToken cancellationToken)
    {
        var scenario = ScenarioLoader.LoadFile(scenarioPath);
        var log = await runAndReadAmtOpMgrLog(scenario, cancellationToken);
        return Check(LogFileReader.FromText(log, $"{scenario.Name} (simulated amtopmgr.log)"), expectedSignatureId);
    }

    public VerificationResult Check(LogDocument simulatedLog, string expectedSignatureId)
    {
        var report = _diagnoser.Diagnose(simulatedLog);
        if (report.Verdict is null)
        {
            return new VerificationResult(false, null, $"the simulator's log shows no known failure (expected {expectedSignatureId})");
        }

        var verdictLines = report.Verdict.Evidence.Where(h => h.Role == EvidenceRole.Required).Select(h => h.Line).ToHashSet();
        var sameLines = report.Alternatives.Any(c => c.Signature.Id == expectedSignatureId
            && c.Evidence.Any(h => h.Role == EvidenceRole.Required && verdictLines.Contains(h.Line)));
        if (report.Verdict.Signature.Id == expectedSignatureId)
        {
            return new VerificationResult(true, expectedSignatureId, $"reproduced: the simulator's log shows {expectedSignatureId}");
        }

        return sameLines
            ? new VerificationResult(true, report.Verdict.Signature.Id, $"reproduced: the simulator's log shows the same lines ({report.Verdict.Signature.Id} ranks first, {expectedSignatureId} explains them too)")
            : new VerificationResult(false, report.Verdict.Signature.Id, $"not reproduced: the simulator's log shows {report.Verdict.Signature.Id}, expected {expectedSignatureId}");
    }
}
