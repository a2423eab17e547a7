namespace AmtSim.Scenarios.Model;

/// <summary>The enterprise CA's policy module setting (seed 001's fix is auto-issue).</summary>
public enum CaPolicy
{
    AutoIssue,
    Pending,
}

/// <summary>Certificate template versions (seed 004): v1 Web Server, duplicated v2, v3 unusable by SCCM.</summary>
public enum CaTemplate
{
    WebServerV1,
    WebServerV2,
    V3,
}

public sealed record CaSpec
{
    public CaPolicy Policy { get; init; } = CaPolicy.AutoIssue;
    public CaTemplate Template { get; init; } = CaTemplate.WebServerV2;

    /// <summary>With a pending policy: an administrator approves the request after this long (never when absent).</summary>
    public TimeSpan? ApproveAfter { get; init; }
}
