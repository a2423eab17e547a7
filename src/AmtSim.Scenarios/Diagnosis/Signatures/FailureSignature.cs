namespace AmtSim.Scenarios.Diagnosis.Signatures;

/// <summary>One known failure: how it shows in a log, what it means and how to reproduce it.</summary>
public sealed record FailureSignature
{
    /// <summary>Stable id, e.g. "sccm-expired-intermediate".</summary>
    public required string Id { get; init; }

    public required FailureFamily Family { get; init; }

    public required string Title { get; init; }

    /// <summary>The product whose log shows it (SCCM, Open AMT RPS, MeshCentral, Intel SCS).</summary>
    public required string Product { get; init; }

    /// <summary>Where the evidence texts come from (a seed, amt-reference.md, or AmtSim's own log lines).</summary>
    public required string Source { get; init; }

    /// <summary>Order among signatures that match the same lines: higher is the likelier cause (the one the seeds document).</summary>
    public required int Rank { get; init; }

    public required IReadOnlyList<EvidencePattern> Evidence { get; init; }

    public IReadOnlyList<FactSpec> Facts { get; init; } = [];

    public required string Cause { get; init; }

    public required string Fix { get; init; }

    /// <summary>Why this cause, when another signature explains the same lines (and how to tell them apart).</summary>
    public string Why { get; init; } = "";

    public required ScenarioRecipe Scenario { get; init; }
}
