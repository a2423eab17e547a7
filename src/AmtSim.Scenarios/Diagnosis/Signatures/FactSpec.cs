namespace AmtSim.Scenarios.Diagnosis.Signatures;

/// <summary>How the values a named group captured across all evidence become one fact.</summary>
public enum FactAggregate
{
    First,
    Last,
    Max,
    Min,

    /// <summary>Every distinct value, in order of appearance.</summary>
    All,
}

/// <summary>A fact to extract: the named group <see cref="Group"/> of the evidence patterns, reported as <see cref="Name"/>.</summary>
public sealed record FactSpec(string Name, string Group, FactAggregate Aggregate);
