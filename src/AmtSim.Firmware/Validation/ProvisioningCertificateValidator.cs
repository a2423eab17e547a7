using System.Security.Cryptography.X509Certificates;

namespace AmtSim.Firmware.Validation;

/// <summary>
/// The device-side check of the provisioning certificate chain a provisioning server presents
/// (as TLS client certificate on 16993, or through host-based AddNextCertInChain).
/// Accepts or rejects exactly as AMT firmware does; see amt-reference.md §1.4.
/// </summary>
public sealed class ProvisioningCertificateValidator
{
    public static ProvisioningCertificateValidator Instance { get; } = new();

    /// <summary>Validates a chain given leaf first, in the order it was presented.</summary>
    public ValidationResult Validate(IReadOnlyList<X509Certificate2> presentedChain, ValidationContext context)
        => throw new NotImplementedException("implemented with issue 2 §3");
}
