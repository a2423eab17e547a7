using AmtSim.Scenarios.Diagnosis.Signatures;

namespace AmtSim.Scenarios.Diagnosis;

/// <summary>How well one signature explains the log.</summary>
/// <param name="Complete">Every required piece of evidence was found (in the required order), or a sufficient one was.</param>
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
    string Why)
{
    /// <summary>
    /// How much of the signature's evidence the log shows, 0 to 100: the weight found over the weight of
    /// all its evidence. A sufficient line alone gives a verdict at low confidence; the full set gives 100.
    /// </summary>
    public int Confidence
    {
        get
        {
            var total = Signature.Evidence.Sum(e => e.Weight);
            return total == 0 ? 0 : (int)Math.Round(100.0 * Math.Min(Score, total) / total, MidpointRounding.AwayFromZero);
        }
    }

    /// <summary>high (70 and up), medium (40 and up) or low.</summary>
    public string ConfidenceLevel => Confidence >= 70 ? "high" : Confidence >= 40 ? "medium" : "low";
}
