using System.Net;
using AmtSim.Provisioning.Sccm.Steps;
using AmtSim.Runtime.Faults;

namespace AmtSim.Provisioning.Faults;

/// <summary>A fault for one exchange of one step: what it does and which half of the exchange it hits.</summary>
public sealed record StepFault(FaultKind Kind, FaultSide Side);

/// <summary>
/// Faults injected into the service point's exchanges with one device (issue 17 item 5): asked once
/// per exchange of a step, so a plan can fault every try or only the first few. The service point
/// applies them on its own side of the wire (<see cref="FaultingStream"/> on the device's answers
/// and on its requests, the CA request in the step machine); it never reaches into the device.
/// </summary>
public interface IStepFaults
{
    /// <summary>The fault for the next exchange of <paramref name="step"/> with <paramref name="device"/>, if any (consumes one occurrence).</summary>
    StepFault? Take(Guid device, ProvisioningStep step);

    /// <summary>The fault for the next hello from <paramref name="peer"/> (the device is not known before its hello is read).</summary>
    StepFault? TakeHello(IPAddress peer);
}
