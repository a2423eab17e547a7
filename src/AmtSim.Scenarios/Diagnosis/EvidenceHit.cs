using AmtSim.Scenarios.Diagnosis.Signatures;

namespace AmtSim.Scenarios.Diagnosis;

/// <summary>A piece of evidence found in the log: which pattern, on which physical line, the record's text and the captured groups.</summary>
public sealed record EvidenceHit(
    string Key,
    EvidenceRole Role,
    string Matcher,
    int Line,
    string Text,
    IReadOnlyDictionary<string, string> Groups,
    int RecordIndex,
    int Offset);
