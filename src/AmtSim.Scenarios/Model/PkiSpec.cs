namespace AmtSim.Scenarios.Model;

/// <summary>How the provisioning PFX was exported: with the whole path, or the leaf alone (seed 001).</summary>
public enum PfxChain
{
    Full,
    LeafOnly,
}

/// <summary>
/// A provisioning certificate from the user's own files (issue 18): paths resolved against the
/// scenario's folder, checked at load (<c>AmtSim.Pki.UserCertificates.UserProvisioningChain</c>).
/// </summary>
/// <param name="Certificate">PFX, PEM or DER file with the provisioning certificate.</param>
/// <param name="Key">PEM file with its private key, when the certificate file has none.</param>
/// <param name="Chain">Files with the rest of the certification path (intermediates, the root).</param>
/// <param name="Password">Opens the PFX or the encrypted key (from the scenario or an environment variable).</param>
/// <param name="PasswordSource">Where the password came from, for messages ("pki.password", "$CUSTOMER_PFX_PASSWORD"); never the password itself.</param>
public sealed record CertificateFiles(string Certificate, string? Key, IReadOnlyList<string> Chain, string? Password, string PasswordSource);

/// <summary>The provisioning certificate the server is configured with, and its renewal.</summary>
public sealed record PkiSpec
{
    public const string DefaultCertificate = "prov-valid";

    /// <summary>Provisioning certificate id from fixtures/pki/fixtures.json (e.g. "prov-valid", "prov-via-expired-intermediate"), or the file name as written when <see cref="ProvisioningFiles"/> is set.</summary>
    public string ProvisioningCertificate { get; init; } = DefaultCertificate;

    /// <summary>The user's own provisioning certificate, when <c>provisioning-certificate</c> names a file.</summary>
    public CertificateFiles? ProvisioningFiles { get; init; }

    /// <summary>The user's own renewed certificate, when <c>renewed-certificate</c> names a file.</summary>
    public CertificateFiles? RenewedFiles { get; init; }

    /// <summary>Root certificate files (resolved paths) added to every device's trusted hash table.</summary>
    public IReadOnlyList<string> TrustedRoots { get; init; } = [];

    public PfxChain Pfx { get; init; } = PfxChain.Full;

    /// <summary>A renewed certificate configured later in the run (seed 000's fix), if any.</summary>
    public string? RenewedCertificate { get; init; }

    /// <summary>When (after the start) the renewed PFX is configured.</summary>
    public TimeSpan? RenewAfter { get; init; }
}
