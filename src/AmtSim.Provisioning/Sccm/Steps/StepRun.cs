using System.Net;

namespace AmtSim.Provisioning.Sccm.Steps;

/// <summary>Which step a task is in: each exchange runs through <see cref="Step{T}"/>, so a failure is attributed to the step it happened in.</summary>
internal sealed class StepRun
{
    public ProvisioningStep Current { get; private set; } = ProvisioningStep.Hello;

    public async Task<T> Step<T>(ProvisioningStep step, Func<Task<T>> exchange)
    {
        Current = step;
        return await exchange();
    }

    public async Task Step(ProvisioningStep step, Func<Task> exchange)
    {
        Current = step;
        await exchange();
    }
}

/// <summary>The facts a task's log lines are filled from: the subject amtopmgr.log files them under, the device, the server's FQDN.</summary>
internal sealed record FailureFacts(string Subject, Guid Uuid, IPAddress Peer, string? Fqdn, string ServerFqdn);
