namespace AmtSim.Provisioning.Sccm.Steps;

/// <summary>
/// The steps of the service point's tasks, one per decision or WS-Man exchange, in the order
/// the initial provisioning runs them (amt-reference.md §1.5). <see cref="StepTable"/> says what
/// each one's failure writes to amtopmgr.log.
/// </summary>
public enum ProvisioningStep
{
    Hello,
    ResolveName,
    Namespace,
    Certificate,
    TlsHandshake,
    GetGeneralSettings,
    EnumerateSoftwareIdentity,
    GetSetupAndConfigurationService,
    SetMebxPassword,
    SetAdminAclEntry,
    GetLowAccuracyTime,
    SetHighAccuracyTime,

    // Enrol web certificate: shared by the initial provisioning and certificate renewal.
    GenerateKeyPair,
    GetKeyPair,
    GeneratePkcs10Request,
    CaRequest,
    AddCertificate,
    DeleteTlsCredentialContext,
    CreateTlsCredentialContext,

    PutTlsSettings,
    CommitChanges,
    Done,
}
