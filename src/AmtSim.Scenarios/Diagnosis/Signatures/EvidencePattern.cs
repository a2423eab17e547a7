using System.Text.RegularExpressions;

namespace AmtSim.Scenarios.Diagnosis.Signatures;

public enum EvidenceRole
{
    /// <summary>Must be in the log for the signature to match (all of them, in order where it says so).</summary>
    Required,

    /// <summary>Adds weight when present; its absence costs nothing.</summary>
    Supporting,

    /// <summary>
    /// One specific line that names the failure on its own (a customer pasted only that line): the
    /// signature matches when any sufficient evidence is found, with the confidence its weight gives;
    /// the required and supporting lines raise the confidence.
    /// </summary>
    Sufficient,
}

/// <summary>One way a line can show a piece of evidence: an amtopmgr.log message of the catalogue, a template with holes, or a regular expression.</summary>
/// <param name="Label">The message id (e.g. "TlsHandshakeDisconnected"), the template or the regex text.</param>
/// <param name="MessageId">The AmtOpMgrMessages id, when the matcher comes from there.</param>
/// <param name="Anchor">A word every match contains (case-insensitive), checked before the regex runs: a cheap filter over big logs; null to always run it.</param>
public sealed record EvidenceMatcher(string Label, string? MessageId, Regex Regex, string? Anchor = null)
{
    /// <summary>The longest run without white space or holes of a template (holes written <c>{…}</c>), as an anchor.</summary>
    public static string? AnchorOf(string template)
    {
        var literal = System.Text.RegularExpressions.Regex.Replace(template, @"\{[^}]*\}", " ");
        var best = literal.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Trim('*', '"', '\''))
            .OrderByDescending(w => w.Length).FirstOrDefault();
        return best is { Length: >= 4 } ? best : null;
    }
}

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

    /// <summary>Required or sufficient: evidence that names the failure (as opposed to lines that only support it).</summary>
    public bool Decisive => Role is EvidenceRole.Required or EvidenceRole.Sufficient;
}
