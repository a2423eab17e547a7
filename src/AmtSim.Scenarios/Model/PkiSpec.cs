namespace AmtSim.Scenarios.Model;

/// <summary>How the provisioning PFX was exported: with the whole path, or the leaf alone (seed 001).</summary>
public enum PfxChain
{
    Full,
    LeafOnly,
}

/// <summary>The provisioning certificate the server is configured with, and its renewal.</summary>
public sealed record PkiSpec
{
    /// <summary>Fixture id from fixtures/pki/manifest.json (e.g. "valid", "expired-intermediate").</summary>
    public string ProvisioningCertificate { get; init; } = "valid";

    public PfxChain Pfx { get; init; } = PfxChain.Full;

    /// <summary>A renewed certificate configured later in the run (seed 000's fix), if any.</summary>
    public string? RenewedCertificate { get; init; }

    /// <summary>When (after the start) the renewed PFX is configured.</summary>
    public TimeSpan? RenewAfter { get; init; }
}
