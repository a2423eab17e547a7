using System.Security.Cryptography.X509Certificates;
using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Time;
using AmtSim.Firmware.Validation;
using AmtSim.Pki.Catalogue;

namespace AmtSim.Firmware.Device;

/// <summary>
/// One simulated Intel AMT device: identity, provisioning state, trusted hash table, network
/// settings, clock, credentials, certificates and its audit trail. Listeners and the network
/// agent act on it; it holds state and the rules that change it, no I/O.
/// </summary>
public sealed partial class AmtDevice
{
    private readonly Lock _gate = new();
    private ProvisioningState _state = ProvisioningState.Pre;
    private ControlMode _controlMode = ControlMode.None;

    public AmtDevice(DeviceIdentity identity, DeviceClock clock, IEnumerable<TrustedRootHash>? hashTable = null)
    {
        Identity = identity;
        Clock = clock;
        HashTable = [.. hashTable ?? identity.Firmware.DefaultHashes];
    }

    public DeviceIdentity Identity { get; }

    public DeviceClock Clock { get; }

    public DeviceNetworkSettings Network { get; } = new();

    public AuditTrail Audit { get; } = new();

    /// <summary>The trusted root hash table (defaults plus custom entries such as stand-in roots).</summary>
    public List<TrustedRootHash> HashTable { get; }

    /// <summary>The MEBx password (factory default "admin").</summary>
    public string MebxPassword { get; set; } = "admin";

    /// <summary>Admin user name and its Digest HA1 (md5hex("admin:" + realm + ":" + password)); null until set.</summary>
    public string AdminUser { get; set; } = "admin";

    public string? AdminDigestHa1 { get; set; }

    /// <summary>
    /// The password of the local system account "$$OsAdmin" (host-based setup), which the host reads
    /// over MEI (<see cref="Host.IHostInterface.GetLocalSystemAccount"/>). Builders set a per-device
    /// one derived from the run seed (<see cref="Host.LocalSystemPasswords.For"/>); the default is the
    /// web server's <c>AMTSIM_WEB_OSADMIN_PASSWORD</c> knob value.
    /// </summary>
    public string LocalSystemPassword { get; set; } = Web.FirmwareWebServerOptions.DefaultOsAdminPassword;

    /// <summary>
    /// Certificate the TLS listener serves before provisioning (device self-signed): with its private
    /// key, or without it when <see cref="SetupKey"/> holds the key (<see cref="UseSetupCredential"/>).
    /// </summary>
    public X509Certificate2? SetupCertificate
    {
        get => _setupCertificate;
        set => (_setupCertificate, SetupKey) = (value, null);
    }

    private X509Certificate2? _setupCertificate;

    /// <summary>The setup certificate's private key when the certificate does not hold it (null: it does).</summary>
    public System.Security.Cryptography.RSA? SetupKey { get; private set; }

    /// <summary>
    /// Serves <paramref name="certificate"/> with <paramref name="key"/> before provisioning, kept apart:
    /// joining them (CopyWithPrivateKey, a public-key comparison through OpenSSL) cost a booting
    /// device more than half of what signing the certificate costs. The device owns the key.
    /// </summary>
    public void UseSetupCredential(X509Certificate2 certificate, System.Security.Cryptography.RSA key)
        => (_setupCertificate, SetupKey) = (certificate, key);

    /// <summary>Certificate issued during provisioning, with its private key; served on 16993 after CommitChanges.</summary>
    public X509Certificate2? ProvisionedCertificate
    {
        get => _provisionedCertificate?.Value;
        set => _provisionedCertificate = value is null ? null : new Lazy<X509Certificate2>(value);
    }

    private Lazy<X509Certificate2>? _provisionedCertificate;

    /// <summary>
    /// Makes the certificate <paramref name="certificate"/> gives, with <paramref name="key"/>, the
    /// provisioned certificate. Both the certificate (a stored AddCertificate blob) and the join
    /// (CopyWithPrivateKey: a public-key comparison through OpenSSL, about 5 % of a provisioning's CPU)
    /// are made when the certificate is first served, not when it is committed.
    /// </summary>
    public void UseProvisionedCredential(Func<X509Certificate2> certificate, System.Security.Cryptography.RSA key)
        => _provisionedCertificate = new Lazy<X509Certificate2>(() => System.Security.Cryptography.X509Certificates.RSACertificateExtensions.CopyWithPrivateKey(certificate(), key));

    public ProvisioningState State
    {
        get { lock (_gate) { return _state; } }
    }

    public ControlMode ControlMode
    {
        get { lock (_gate) { return _controlMode; } }
    }

    /// <summary>The context the validator needs, read from this device now.</summary>
    public ValidationContext ValidationContext() => new()
    {
        TrustedHashes = [.. HashTable],
        TrustedDnsSuffix = Network.TrustedDnsSuffix,
        Profile = Identity.Firmware,
        Now = Clock.Now,
    };

    /// <summary>
    /// Applies a lifecycle event through <see cref="Lifecycle.Table"/>: a legal one changes state and
    /// control mode and is recorded in the audit trail; an illegal one changes nothing, is recorded as
    /// refused, and returns false.
    /// </summary>
    public bool Apply(LifecycleEvent lifecycleEvent, string cause)
    {
        string from;
        LifecycleTransition? transition;
        lock (_gate)
        {
            from = $"{_state}/{_controlMode}";
            transition = Lifecycle.Find(_state, lifecycleEvent);
            if (transition is not null)
            {
                _state = transition.To;
                _controlMode = transition.Mode;
            }
        }

        if (transition is null)
        {
            Audit.Add(new StateChangeRefusedAudit(Clock.Now, from, lifecycleEvent.ToString(), cause));
            return false;
        }

        Audit.Add(new StateChangeAudit(Clock.Now, from, $"{transition.To}/{transition.Mode}", cause));
        StateChanged?.Invoke(this, transition.To);
        return true;
    }

    /// <summary>Raised after every state change (benchmarks time it on the wall clock).</summary>
    public event Action<AmtDevice, ProvisioningState>? StateChanged;

    public override string ToString() => $"{Identity.Hostname} {Identity.Uuid} ({Identity.Firmware.Version}, {State}/{ControlMode})";
}
