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

/// <summary>Whether a template's requests are issued at once or wait for a CA manager (its "CA certificate manager approval" issuance requirement).</summary>
public enum TemplateApproval
{
    Auto,
    Pending,
}

/// <summary>A certificate template the enterprise CA offers (<c>ca.templates</c>, seed 004): name, version 1 to 3, approval.</summary>
public sealed record CaTemplateSpec(string Name, int Version, TemplateApproval Approve);

public sealed record CaSpec
{
    public CaPolicy Policy { get; init; } = CaPolicy.AutoIssue;
    public CaTemplate Template { get; init; } = CaTemplate.WebServerV2;

    /// <summary>Templates the CA offers besides its built-in three (a name of the built-in ones replaces it).</summary>
    public IReadOnlyList<CaTemplateSpec> Templates { get; init; } = [];

    /// <summary>The template the service point requests web-server certificates from when it is one of <see cref="Templates"/> (null: <see cref="Template"/>).</summary>
    public string? TemplateName { get; init; }

    /// <summary>With a pending policy: an administrator approves the request after this long (never when absent).</summary>
    public TimeSpan? ApproveAfter { get; init; }
}
