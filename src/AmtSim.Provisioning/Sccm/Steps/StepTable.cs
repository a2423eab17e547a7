using AmtSim.Provisioning.Sccm.Log;

namespace AmtSim.Provisioning.Sccm.Steps;

/// <summary>The values a failure line is filled from, named (the table stays data).</summary>
public enum FailureArgument
{
    /// <summary>The step's name as amtopmgr.log writes it (<see cref="StepEntry.LogName"/>).</summary>
    StepName,
    Fqdn,
    Uuid,
    Peer,
    ServerFqdn,
    /// <summary>What went wrong (the exception's message).</summary>
    Detail,
    /// <summary>The literal 0 SCCM writes after the FQDN in "Can't finish provision".</summary>
    Zero,
}

/// <summary>One line a failure writes: the message and the values in its holes, in order.</summary>
public sealed record FailureLine(AmtOpMgrMessage Message, params FailureArgument[] Arguments);

/// <summary>One step: the name amtopmgr.log gives it and the lines its failure writes in each task.</summary>
public sealed record StepEntry(ProvisioningStep Step, string LogName, IReadOnlyList<FailureLine> OnProvisionFailure, IReadOnlyList<FailureLine> OnRenewalFailure);

/// <summary>
/// Every step's failure, as one table: the amtopmgr.log lines it writes (texts from
/// <see cref="AmtOpMgrMessages"/>) and, by being the step the outcome names, the outcome. The task
/// code only says which step it is in; what a failure there means is looked up here.
/// A provisioning task that fails writes its lines and then "Provision task end".
/// </summary>
public static class StepTable
{
    private static readonly FailureLine[] WsmanFailure = [new(AmtOpMgrMessages.WsmanCallFailed, FailureArgument.StepName, FailureArgument.Fqdn, FailureArgument.Detail), CantFinish];
    private static readonly FailureLine[] WsmanRenewalFailure = [new(AmtOpMgrMessages.WsmanCallFailed, FailureArgument.StepName, FailureArgument.Fqdn, FailureArgument.Detail)];

    private static FailureLine CantFinish => new(AmtOpMgrMessages.CantFinishProvision, FailureArgument.Fqdn, FailureArgument.Zero);

    public static IReadOnlyList<StepEntry> Entries { get; } =
    [
        new(ProvisioningStep.Hello, "hello", [], []),
        new(ProvisioningStep.ResolveName, "resolve name", [new(AmtOpMgrMessages.DeviceNameUnresolved, FailureArgument.Uuid, FailureArgument.Peer)], []),
        new(ProvisioningStep.Namespace, "namespace", [new(AmtOpMgrMessages.NamespaceMismatch, FailureArgument.Fqdn, FailureArgument.ServerFqdn), CantFinish], []),
        new(ProvisioningStep.Certificate, "provisioning certificate", [new(AmtOpMgrMessages.NoProvisionCertificate, FailureArgument.Fqdn)], []),
        new(ProvisioningStep.TlsHandshake, "TLS handshake", [new(AmtOpMgrMessages.TlsHandshakeDisconnected), new(AmtOpMgrMessages.ApplyControlTokenError)], WsmanRenewalFailure),
        new(ProvisioningStep.GetGeneralSettings, "Enumerate AMT_GeneralSettings", WsmanFailure, WsmanRenewalFailure),
        new(ProvisioningStep.EnumerateSoftwareIdentity, "Enumerate CIM_SoftwareIdentity", WsmanFailure, WsmanRenewalFailure),
        new(ProvisioningStep.GetSetupAndConfigurationService, "Get AMT_SetupAndConfigurationService", WsmanFailure, WsmanRenewalFailure),
        new(ProvisioningStep.SetMebxPassword, "SetMEBxPassword", WsmanFailure, WsmanRenewalFailure),
        new(ProvisioningStep.SetAdminAclEntry, "SetAdminAclEntryEx", WsmanFailure, WsmanRenewalFailure),
        new(ProvisioningStep.GetLowAccuracyTime, "GetLowAccuracyTimeSynch", WsmanFailure, WsmanRenewalFailure),
        new(ProvisioningStep.SetHighAccuracyTime, "SetHighAccuracyTimeSynch", WsmanFailure, WsmanRenewalFailure),
        new(ProvisioningStep.GenerateKeyPair, "GenerateKeyPair", WsmanFailure, WsmanRenewalFailure),
        new(ProvisioningStep.GetKeyPair, "Get AMT_PublicPrivateKeyPair", WsmanFailure, WsmanRenewalFailure),
        new(ProvisioningStep.GeneratePkcs10Request, "GeneratePKCS10RequestEx", WsmanFailure, WsmanRenewalFailure),
        // A request the CA does not issue writes its own lines while the task waits (RETRY(n), then
        // "Missed device certficate"); these are for a CA that fails outright.
        new(ProvisioningStep.CaRequest, "CA request", WsmanFailure, WsmanRenewalFailure),
        new(ProvisioningStep.AddCertificate, "AddCertificate", WsmanFailure, WsmanRenewalFailure),
        new(ProvisioningStep.DeleteTlsCredentialContext, "Delete AMT_TLSCredentialContext", WsmanFailure, WsmanRenewalFailure),
        new(ProvisioningStep.CreateTlsCredentialContext, "Create AMT_TLSCredentialContext", WsmanFailure, WsmanRenewalFailure),
        new(ProvisioningStep.PutTlsSettings, "Put AMT_TLSSettingData", WsmanFailure, WsmanRenewalFailure),
        new(ProvisioningStep.CommitChanges, "CommitChanges", WsmanFailure, WsmanRenewalFailure),
        new(ProvisioningStep.Done, "done", [], []),
    ];

    public static StepEntry For(ProvisioningStep step) => Entries[(int)step];
}
