namespace AmtSim.Provisioning.Sccm.Log;

/// <summary>SCCM status message severities.</summary>
public enum StatusSeverity
{
    Informational,
    Warning,
    Error,
}

/// <summary>
/// An SCCM site status message raised by the out-of-band service point (seed 004):
/// 7210 (warning) daily while the provisioning certificate has 40 days or less left,
/// 7211 (error) daily once it has less than 15 days.
/// </summary>
public sealed record StatusMessage(DateTimeOffset At, int Id, StatusSeverity Severity, string Text)
{
    public const int ProvisioningCertificateExpiringSoon = 7210;
    public const int ProvisioningCertificateExpiringCritical = 7211;
}
