namespace AmtSim.Scenarios.Diagnosis.Emission;

/// <summary>What <c>amtsim diagnose --verify</c> found: did the simulator's own log show the same failure?</summary>
/// <param name="Reproduced">The simulator's amtopmgr.log was diagnosed to the expected signature (or to one that explains the same lines).</param>
/// <param name="ObservedSignatureId">The verdict on the simulator's log, if any.</param>
/// <param name="Detail">One readable sentence for the console.</param>
public sealed record VerificationResult(bool Reproduced, string? ObservedSignatureId, string Detail)
{
    /// <summary>How the normal runner judged the emitted scenario (null when only the log was compared).</summary>
    public Running.Verdict? RunVerdict { get; init; }

    /// <summary>The scenario's unmet expectations, when the runner failed it.</summary>
    public IReadOnlyList<Running.ExpectationFailure> Failures { get; init; } = [];
}

/// <summary>
/// The seam for <c>--verify</c>: run an emitted scenario and check the simulator's own log shows the
/// expected signature (<see cref="RoundTripVerifier"/> runs it through the normal scenario runner).
/// </summary>
public interface IScenarioVerifier
{
    Task<VerificationResult> VerifyAsync(string scenarioPath, string expectedSignatureId, CancellationToken cancellationToken);
}
