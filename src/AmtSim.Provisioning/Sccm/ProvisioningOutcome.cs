using System.Net;

namespace AmtSim.Provisioning.Sccm;

/// <summary>Where a provisioning attempt for one device stopped.</summary>
public enum ProvisioningStep
{
    Hello,
    ResolveName,
    Namespace,
    Certificate,
    TlsHandshake,
    Configuration,
    DeviceCertificate,
    Commit,
    Done,
}

/// <summary>What became of one hello, for scenario assertions and reports.</summary>
public sealed record ProvisioningOutcome(Guid Uuid, IPAddress Address, string? Fqdn, bool Succeeded, ProvisioningStep Step, string Detail, byte? TlsAlert = null);
