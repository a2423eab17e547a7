using System.Net;
using AmtSim.Provisioning.Sccm.Steps;

namespace AmtSim.Provisioning.Sccm;

/// <summary>What became of one hello, for scenario assertions and reports: the step it stopped at (<see cref="ProvisioningStep.Done"/> on success).</summary>
public sealed record ProvisioningOutcome(Guid Uuid, IPAddress Address, string? Fqdn, bool Succeeded, ProvisioningStep Step, string Detail, byte? TlsAlert = null);
