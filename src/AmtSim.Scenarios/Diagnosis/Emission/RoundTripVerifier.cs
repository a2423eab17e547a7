using AmtSim.Scenarios.Diagnosis.Reading;
using AmtSim.Scenarios.Diagnosis.Signatures;
using AmtSim.Scenarios.Loading;
using AmtSim.Scenarios.Model;
using AmtSim.Scenarios.Running;

namespace AmtSim.Scenarios.Diagnosis.Emission;

/// <summary>
/// Verifies an emitted scenario by running it. With an executor (what <c>amtsim diagnose --verify</c>
/// uses), the scenario goes through the normal <see cref="ScenarioRunner"/>, exactly as <c>amtsim run</c>
/// would run it: it must pass its own expectations, and the simulator's amtopmgr.log is diagnosed
/// and compared. With a log delegate (older callers, tests) only the log is compared. The expected
/// signature counts as shown when it is the verdict, a candidate on the verdict's own lines
/// (several causes write the same SCCM lines; seed 001), or, for a failure the built-in service
/// point writes with other words (RPS, MeshCentral, SCS), a verdict of the same family.
/// </summary>
public sealed class RoundTripVerifier : IScenarioVerifier
{
    private readonly Func<IScenarioExecutor>? _executor;
    private readonly RunOptions _options;
    private readonly Func<Scenario, CancellationToken, Task<string>>? _runAndReadAmtOpMgrLog;
    private readonly Diagnoser _diagnoser;

    /// <summary>Runs the scenario through <see cref="ScenarioRunner"/> with the executor the factory gives.</summary>
    public RoundTripVerifier(Func<IScenarioExecutor> executor, RunOptions? options = null, Diagnoser? diagnoser = null)
    {
        _executor = executor;
        _options = options ?? new RunOptions();
        _diagnoser = diagnoser ?? new Diagnoser();
    }

    /// <summary>Only compares the log the delegate returns (no expectations are checked).</summary>
    public RoundTripVerifier(Func<Scenario, CancellationToken, Task<string>> runAndReadAmtOpMgrLog, Diagnoser? diagnoser = null)
    {
        _runAndReadAmtOpMgrLog = runAndReadAmtOpMgrLog;
        _options = new RunOptions();
        _diagnoser = diagnoser ?? new Diagnoser();
    }

    public async Task<VerificationResult> VerifyAsync(string scenarioPath, string expectedSignatureId, CancellationToken cancellationToken)
    {
        var scenario = ScenarioLoader.LoadFile(scenarioPath);
        if (_executor is null)
        {
            var text = await _runAndReadAmtOpMgrLog!(scenario, cancellationToken);
            return Check(LogFileReader.FromText(text, $"{scenario.Name} (simulated amtopmgr.log)"), expectedSignatureId);
        }

        var result = await new ScenarioRunner(_executor()).RunAsync(scenario, _options, cancellationToken);
        if (result.Verdict is Verdict.Error or Verdict.Skipped)
        {
            return new VerificationResult(false, null, $"the scenario could not run: {result.Error}") { RunVerdict = result.Verdict };
        }

        var log = Check(LogFileReader.FromText(result.Observation.ServerLogText, $"{scenario.Name} (simulated amtopmgr.log)"), expectedSignatureId);
        if (result.Verdict == Verdict.Failed)
        {
            var first = result.Failures[0];
            return new VerificationResult(false, log.ObservedSignatureId,
                $"not reproduced: `amtsim run` fails the emitted scenario ({result.Failures.Count} expectation(s) unmet; first: {first.What}: expected {first.Expected}, actual {first.Actual}); replay: {result.ReplayCommand}")
            { RunVerdict = result.Verdict, Failures = result.Failures };
        }

        var note = SignatureCatalogue.Default.Find(expectedSignatureId)?.Scenario.Note;
        if (!log.Reproduced && note is { Length: > 0 })
        {
            // An approximated failure: the run passing its own expectations is what the repro promises.
            return new VerificationResult(true, log.ObservedSignatureId, $"passed: the emitted scenario passes `amtsim run` (approximated: {note.ReplaceLineEndings(" ").TrimEnd('.')})") { RunVerdict = result.Verdict };
        }

        return log with
        {
            RunVerdict = result.Verdict,
            Detail = log.Reproduced ? $"passed: the emitted scenario passes `amtsim run`, and {log.Detail}" : $"{log.Detail} (the scenario's own expectations pass)",
        };
    }

    public VerificationResult Check(LogDocument simulatedLog, string expectedSignatureId)
    {
        var report = _diagnoser.Diagnose(simulatedLog);
        if (report.Verdict is null)
        {
            return new VerificationResult(false, null, $"not reproduced: the simulator's log shows no known failure (expected {expectedSignatureId})");
        }

        if (report.Failures.Any(f => f.Signature.Id == expectedSignatureId))
        {
            return new VerificationResult(true, expectedSignatureId, $"reproduced: the simulator's log shows {expectedSignatureId}");
        }

        var verdictLines = report.Verdict.Evidence.Where(h => h.Role != EvidenceRole.Supporting).Select(h => h.Line).ToHashSet();
        var sameLines = report.Alternatives.Any(c => c.Signature.Id == expectedSignatureId
            && c.Evidence.Any(h => h.Role != EvidenceRole.Supporting && verdictLines.Contains(h.Line)));
        if (sameLines)
        {
            return new VerificationResult(true, report.Verdict.Signature.Id, $"reproduced: the simulator's log shows the same lines ({report.Verdict.Signature.Id} ranks first, {expectedSignatureId} explains them too)");
        }

        var expected = SignatureCatalogue.Default.Find(expectedSignatureId);
        var shown = report.Failures.Concat(report.Alternatives.Where(c => c.Evidence.Any(h => h.Role != EvidenceRole.Supporting && verdictLines.Contains(h.Line))));
        if (expected is not null && shown.FirstOrDefault(f => f.Signature.Family == expected.Family) is { } relative)
        {
            return new VerificationResult(true, relative.Signature.Id, $"reproduced: the simulator's log shows {relative.Signature.Id}, the same failure ({expected.Family.Name()}) in the built-in service point's words");
        }

        return new VerificationResult(false, report.Verdict.Signature.Id, $"not reproduced: the simulator's log shows {report.Verdict.Signature.Id}, expected {expectedSignatureId}");
    }
}
