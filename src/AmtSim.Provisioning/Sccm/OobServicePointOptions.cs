using System.Net;
using AmtSim.Pki.Ca;

namespace AmtSim.Provisioning.Sccm;

/// <summary>
/// Settings of the built-in SCCM 2007 out-of-band service point. Defaults follow the seeds and
/// the SCCM documentation. The scenario file sets the server's identity, port and CA; the
/// timing knobs can also come from the environment (<see cref="SccmKnobs"/>, AMTSIM_SCCM_*).
/// </summary>
public sealed record OobServicePointOptions
{
    /// <summary>The site system's FQDN; its provisioning certificate's CN names it (seed 004).</summary>
    public required string Fqdn { get; init; }

    /// <summary>The service point's own address (a 127.x loopback address in the embedded network).</summary>
    public required IPAddress Address { get; init; }

    /// <summary>The provisioning PFX configured in the out-of-band management component (one per server, seed 002).</summary>
    public required string ProvisioningPfxPath { get; init; }

    public required string ProvisioningPfxPassword { get; init; }

    /// <summary>The enterprise CA that issues the devices' web-server certificates.</summary>
    public required EnterpriseCa Ca { get; init; }

    /// <summary>Hello port (PSPO setup variable; 9971 de facto). Scenario: server.hello-port.</summary>
    public int HelloPort { get; init; } = DefaultHelloPort;

    public const int DefaultHelloPort = 9971;

    /// <summary>The devices' TLS port.</summary>
    public int DeviceTlsPort { get; init; } = 16993;

    /// <summary>Certificate template for device web-server certificates.</summary>
    public string WebServerTemplate { get; init; } = CertificateTemplate.AmtWebServerV2.Name;

    /// <summary>CertID shown in the provisioning-certificate log lines (seed 000: 1).</summary>
    public int CertId { get; init; } = 1;

    /// <summary>First MachineId handed to devices (seed 001 shows 60752).</summary>
    public int FirstMachineId { get; init; } = 60752;

    /// <summary>The AMT remote admin password the service point sets (8-32 chars, upper, lower, digit, special; no : " _).</summary>
    public string AdminPassword { get; init; } = "AmtSim!Admin1";

    /// <summary>The MEBx password the service point sets.</summary>
    public string MebxPassword { get; init; } = "AmtSim!Mebx1";

    /// <summary>How many times the service point looks for the device certificate before giving up (seed 001: 5). Env AMTSIM_SCCM_CERT_RETRIES.</summary>
    public int CertificateRetries { get; init; } = 5;

    /// <summary>Wait between those looks (seed 001: 20 seconds). Env AMTSIM_SCCM_CERT_RETRY_SECONDS.</summary>
    public TimeSpan CertificateRetryInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Status message 7210 while the provisioning certificate has this many days or fewer (seed 004: 40).</summary>
    public int WarningDays { get; init; } = 40;

    /// <summary>Status message 7211 once fewer than this many days are left (seed 004: 15).</summary>
    public int CriticalDays { get; init; } = 15;

    /// <summary>
    /// Provisioning tasks run at once; later hellos wait for a slot (0: no limit). Bounds the
    /// connections and descriptors a large fleet holds open at the same time.
    /// </summary>
    public int MaxConcurrentProvisionings { get; init; }

    /// <summary>
    /// How long the service point waits for one exchange with a device (the TLS connection and
    /// handshake, each WS-Man request) or with its CA before the step fails; on the run's clock. [I]:
    /// no seed gives SCCM's figure.
    /// </summary>
    public TimeSpan ExchangeTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the service point reads a hello connection before it parses what arrived (a device that never closes); on the run's clock.</summary>
    public TimeSpan HelloReadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the provisioning certificate is re-checked (daily, seed 000).</summary>
    public TimeSpan CertificateCheckInterval { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Web-server certificate maintenance: checked every 7 days, renewed at 42 days or fewer (seed 004).</summary>
    public TimeSpan WebCertificateCheckInterval { get; init; } = TimeSpan.FromDays(7);

    public int WebCertificateRenewDays { get; init; } = 42;

    /// <summary>Thread ids written in amtopmgr.log (seed 000: 2880 and 2700).</summary>
    public int WorkerThread { get; init; } = 2880;

    public int CertificateThread { get; init; } = 2700;

    /// <summary>The instruction inbox named in the proxy line (seed 001).</summary>
    public string ProxyInboxPath { get; init; } = @"D:\SMS\inboxes\amtproxymgr.box";
}
