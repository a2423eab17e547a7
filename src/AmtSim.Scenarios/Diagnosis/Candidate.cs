using AmtSim.Scenarios.Diagnosis.Signatures;

namespace AmtSim.Scenarios.Diagnosis;

/// <summary>How well one signature explains the log.</summary>
/// <param name="Complete">Every required piece of evidence was found (in the required order).</param>
/// <param name="Score">Sum of the weights of the evidence found.</param>
/// <param name="Evidence">What was found, in log order (at most <see cref="Diagnoser.MaxHitsPerEvidence"/> per piece).</param>
/// <param name="Missing">Keys of required evidence not found.</param>
/// <param name="Facts">Extracted facts: name → values.</param>
/// <param name="Why">Why this candidate is listed (how it relates to the verdict, or what is missing).</param>
public sealed record Candidate(
    FailureSignature Signature,
    bool Complete,
    int Score,
    IReadOnlyList<EvidenceHit> Evidence,
    IReadOnlyList<string> Missing,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Facts,
    string Why);
