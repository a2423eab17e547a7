namespace AmtSim.Provisioning.Sccm.Log;

/// <summary>
/// Every amtopmgr.log message AmtSim writes, in one place. Texts marked with a seed file are
/// copied from that seed exactly, typos included ("certficate"); texts marked [I] are AmtSim's
/// own where the seeds show none (kept short and in the product's style), and the diagnoser
/// never relies on them.
/// </summary>
public static class AmtOpMgrMessages
{
    public const string Component = "SMS_AMT_OPERATION_MANAGER";

    private const string Seed000 = "seeds/000 (expired GoDaddy provisioning certificate)";
    private const string Seed001 = "seeds/001 (expired intermediate; CA without auto-approval)";
    private const string Reference = "amt-reference.md §1.3 (field reports)";
    private const string Inferred = "[I]";

    // Provisioning certificate lifecycle (seed 000).
    public static readonly AmtOpMgrMessage ProvisionCertExpiring = new("ProvisionCertExpiring", LogSeverity.Error,
        "Error: The provisioning certificate with the thumbprint {Thumbprint} will expire in {Days} day(s). Please ensure that this certificate is renewed. (CertID = {CertId})", Seed000);

    public static readonly AmtOpMgrMessage RemoveUnusedProvisionCert = new("RemoveUnusedProvisionCert", LogSeverity.Information,
        "Remove unused provision certificate with hash {Thumbprint} from memory.", Seed000);

    public static readonly AmtOpMgrMessage GetCertificateData = new("GetCertificateData", LogSeverity.Information,
        "Get certificate data from database.", Seed000);

    public static readonly AmtOpMgrMessage InvalidProvisionCert = new("InvalidProvisionCert", LogSeverity.Error,
        "Error: Invalid provision certificate. Check certificate binary and hash data. Check certificate validation time. (CertID = {CertId})", Seed000);

    /// <summary>The seed quotes only "Found new provision server certificate with hash…"; the ending (thumbprint and full stop) is [I].</summary>
    public static readonly AmtOpMgrMessage FoundNewProvisionCert = new("FoundNewProvisionCert", LogSeverity.Information,
        "Found new provision server certificate with hash {Thumbprint}.", Seed000);

    // TLS to the device (seed 001, reference §1.3).
    public static readonly AmtOpMgrMessage TryProvisioningAccount = new("TryProvisioningAccount", LogSeverity.Information,
        "Try to use provisioning account to connect target machine {Fqdn}...", Seed001);

    public static readonly AmtOpMgrMessage TlsHandshakeDisconnected = new("TlsHandshakeDisconnected", LogSeverity.Error,
        "Server unexpectedly disconnected when TLS handshaking.", Seed001);

    public static readonly AmtOpMgrMessage ApplyControlTokenError = new("ApplyControlTokenError", LogSeverity.Error,
        "**** Error 0x382b948 returned by ApplyControlToken", Seed001);

    public static readonly AmtOpMgrMessage InitializeSecurityContextFollowUp = new("InitializeSecurityContextFollowUp", LogSeverity.Error,
        "Error 0x80090308 returned by InitializeSecurityContext during follow up TLS handshaking with server.", Reference);

    public static readonly AmtOpMgrMessage InitializeSecurityContextError = new("InitializeSecurityContextError", LogSeverity.Error,
        "Error 0x80090304 returned by InitializeSecurityContext", Reference);

    // Device web-server certificate from the enterprise CA (seed 001).
    public static readonly AmtOpMgrMessage SendProxyRequest = new("SendProxyRequest", LogSeverity.Information,
        "Send request to AMT proxy component to generate client certificate. (MachineId = {MachineId})", Seed001);

    public static readonly AmtOpMgrMessage ProxyInstructionCreated = new("ProxyInstructionCreated", LogSeverity.Information,
        "Successfully created instruction file for AMT proxy task: {InboxPath}", Seed001);

    public static readonly AmtOpMgrMessage RetryValidateClientCert = new("RetryValidateClientCert", LogSeverity.Information,
        "RETRY({Attempt}) - Validate client certificate for AMT device {Fqdn} being generated.", Seed001);

    public static readonly AmtOpMgrMessage WaitForClientCert = new("WaitForClientCert", LogSeverity.Information,
        "Wait 20 seconds to find client certificate for AMT device {Fqdn} being generated again...", Seed001);

    public static readonly AmtOpMgrMessage WorkerWakesUp = new("WorkerWakesUp", LogSeverity.Information,
        "AMT Provision Worker: Wakes up to process instruction files", Seed001);

    public static readonly AmtOpMgrMessage WorkerWait = new("WorkerWait", LogSeverity.Information,
        "AMT Provision Worker: Wait 20 seconds...", Seed001);

    public static readonly AmtOpMgrMessage MissedDeviceCertificate = new("MissedDeviceCertificate", LogSeverity.Error,
        "Error: Missed device certificate. To provision device with TLS server or Mutual authentication mode, device certficate is required. (MachineId = {MachineId})", Seed001);

    public static readonly AmtOpMgrMessage CantFinishProvision = new("CantFinishProvision", LogSeverity.Error,
        "Error: Can't finish provision on AMT device {Fqdn} with configuration code ({Code})!", Seed001);

    public static readonly AmtOpMgrMessage ProvisionTaskEnd = new("ProvisionTaskEnd", LogSeverity.Information,
        ">>>>>>>>>>>>>>>Provision task end<<<<<<<<<<<<<<<", Seed001);

    // AmtSim's own lines where the seeds show none.
    public static readonly AmtOpMgrMessage ProvisionTaskBegin = new("ProvisionTaskBegin", LogSeverity.Information,
        ">>>>>>>>>>>>>>>Provision task begin<<<<<<<<<<<<<<<", Inferred);

    public static readonly AmtOpMgrMessage HelloReceived = new("HelloReceived", LogSeverity.Information,
        "Received provisioning request from AMT device {Uuid} at {Address} (hello version {Version}, retry {Retry}).", Inferred);

    public static readonly AmtOpMgrMessage NoMatchingRootHash = new("NoMatchingRootHash", LogSeverity.Warning,
        "Warning: The provisioning certificate root hash is not in the provisioning request of AMT device {Uuid}.", Inferred);

    public static readonly AmtOpMgrMessage NamespaceMismatch = new("NamespaceMismatch", LogSeverity.Error,
        "Error: AMT device {Fqdn} does not share a namespace with the out of band service point {ServicePointFqdn}.", Inferred);

    public static readonly AmtOpMgrMessage ProvisionSucceeded = new("ProvisionSucceeded", LogSeverity.Information,
        "AMT device {Fqdn} was provisioned successfully. (MachineId = {MachineId})", Inferred);

    public static readonly AmtOpMgrMessage InvalidHello = new("InvalidHello", LogSeverity.Error,
        "Error: Received an invalid provisioning request from {Address}: {Problem}", Inferred);

    public static readonly AmtOpMgrMessage DeviceNameUnresolved = new("DeviceNameUnresolved", LogSeverity.Error,
        "Error: Can't resolve the FQDN of AMT device {Uuid} at {Address}.", Inferred);

    public static readonly AmtOpMgrMessage NoProvisionCertificate = new("NoProvisionCertificate", LogSeverity.Error,
        "Error: No valid provision certificate is loaded. Can't provision AMT device {Fqdn}.", Inferred);

    public static readonly AmtOpMgrMessage WsmanCallFailed = new("WsmanCallFailed", LogSeverity.Error,
        "Error: {Call} failed on AMT device {Fqdn}: {Detail}", Inferred);

    public static readonly AmtOpMgrMessage TemplateNotSupported = new("TemplateNotSupported", LogSeverity.Error,
        "Error: Certificate template {Template} is a version 3 template; Configuration Manager can't use its certificates.", Inferred);

    // Web-server certificate maintenance ("Evaluate Provisioned AMT Computer Certificates", seed 004); the seeds quote no log text.
    public static readonly AmtOpMgrMessage WebCertificateExpiring = new("WebCertificateExpiring", LogSeverity.Information,
        "The web server certificate of AMT device {Fqdn} expires in {Days} day(s). Request a new certificate.", Inferred);

    public static readonly AmtOpMgrMessage WebCertificateWireless = new("WebCertificateWireless", LogSeverity.Warning,
        "Warning: AMT device {Fqdn} is connected by a wireless network connection. Its web server certificate can't be renewed.", Inferred);

    public static readonly AmtOpMgrMessage WebCertificateRenewed = new("WebCertificateRenewed", LogSeverity.Information,
        "Renewed the web server certificate of AMT device {Fqdn}. The old certificate {OldSerial} is revoked with reason Superseded.", Inferred);

    public static readonly AmtOpMgrMessage WebCertificateNotIssued = new("WebCertificateNotIssued", LogSeverity.Error,
        "Error: The CA did not issue the new web server certificate for AMT device {Fqdn} ({Disposition}). Retry at the next check.", Inferred);

    /// <summary>All messages, for the diagnoser and for tests.</summary>
    public static IReadOnlyList<AmtOpMgrMessage> All { get; } =
    [
        ProvisionCertExpiring, RemoveUnusedProvisionCert, GetCertificateData, InvalidProvisionCert, FoundNewProvisionCert,
        TryProvisioningAccount, TlsHandshakeDisconnected, ApplyControlTokenError, InitializeSecurityContextFollowUp, InitializeSecurityContextError,
        SendProxyRequest, ProxyInstructionCreated, RetryValidateClientCert, WaitForClientCert, WorkerWakesUp, WorkerWait,
        MissedDeviceCertificate, CantFinishProvision, ProvisionTaskEnd,
        ProvisionTaskBegin, HelloReceived, NoMatchingRootHash, NamespaceMismatch, ProvisionSucceeded,
        InvalidHello, DeviceNameUnresolved, NoProvisionCertificate, WsmanCallFailed, TemplateNotSupported,
        WebCertificateExpiring, WebCertificateWireless, WebCertificateRenewed, WebCertificateNotIssued,
    ];
}
