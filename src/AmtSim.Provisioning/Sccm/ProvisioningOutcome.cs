using System.Net;
using AmtSim.Provisioning.Sccm.Steps;

namespace AmtSim.Provisioning.Sccm;

/// <summary>What became of one hello, for scenario assertions and reports: the step it stopped at (<see cref="ProvisioningStep.Done"/> on success).</summary>
/// <param name="Uuid">The device; <see cref="Guid.Empty"/> when its hello could not be read (then <paramref name="Address"/> names it).</param>
/// <param name="StepError">The step failed (an exchange broke, timed out or was refused) rather than ending on a decision (a pending certificate, a namespace rule).</param>
public sealed record ProvisioningOutcome(Guid Uuid, IPAddress Address, string? Fqdn, bool Succeeded, ProvisioningStep Step, string Detail, byte? TlsAlert = null, bool StepError = false)
{
    /// <summary>When the service point ended the attempt (its clock).</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>The service point stopped (the run ended) during this attempt; an earlier, finished attempt says more.</summary>
    public bool Interrupted { get; init; }
}
