namespace AmtSim.Scenarios.Model;

/// <summary>
/// One scenario file: the world (seed, PKI, CA, network, fleet, clocks, server) and what must
/// come out of it. Schema and an example per field: scenarios/README.md.
/// </summary>
public sealed record Scenario
{
    public required string Name { get; init; }
    public required string File { get; init; }
    public string Description { get; init; } = "";

    /// <summary>Run seed; <c>amtsim run --seed</c> overrides it. Default 1.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Virtual "now" at the start of the run. Default: the fixture PKI's reference time.</summary>
    public DateTimeOffset Now { get; init; } = DefaultNow;

    /// <summary>How much virtual time the run covers (hello window, retries, daily checks).</summary>
    public TimeSpan RunFor { get; init; } = TimeSpan.FromHours(1);

    public PkiSpec Pki { get; init; } = new();
    public CaSpec Ca { get; init; } = new();
    public NetworkSpec Network { get; init; } = new();
    public DeviceSpec Devices { get; init; } = new();
    public ServerSpec Server { get; init; } = new();

    /// <summary>Faults injected into the run's exchanges (fault matrix, docs/faults.md); none by default.</summary>
    public IReadOnlyList<FaultSpec> Faults { get; init; } = [];
    public Expectations Expect { get; init; } = new();

    /// <summary>The file's text as loaded (run outputs carry it, so <c>amtsim merge</c> needs no files); null for a scenario built in code.</summary>
    public string? SourceText { get; init; }

    /// <summary>The fixture PKI's reference time (fixtures/pki): certificates' validity is laid out around it.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
}
