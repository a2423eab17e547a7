using System.Text.RegularExpressions;

namespace AmtSim.Scenarios.Diagnosis.Signatures;

public enum EvidenceRole
{
    /// <summary>Must be in the log for the signature to match.</summary>
    Required,

    /// <summary>Adds weight when present; its absence costs nothing.</summary>
    Supporting,
}

/// <summary>One way a line can show a piece of evidence: an amtopmgr.log message of the catalogue, or a regular expression.</summary>
/// <param name="Label">The message id (e.g. "TlsHandshakeDisconnected") or the regex text.</param>
/// <param name="MessageId">The AmtOpMgrMessages id, when the matcher comes from there.</param>
public sealed record EvidenceMatcher(string Label, string? MessageId, Regex Regex);

/// <summary>
/// A piece of evidence of a failure signature: any of its matchers on a record; optionally only
/// counted after the first occurrence of another piece (<see cref="After"/>).
/// </summary>
public sealed record EvidencePattern
{
    public required string Key { get; init; }
    public required EvidenceRole Role { get; init; }
    public required IReadOnlyList<EvidenceMatcher> Matchers { get; init; }

    /// <summary>Key of the evidence this must come after, if ordering matters.</summary>
    public string? After { get; init; }

    public required int Weight { get; init; }
}
