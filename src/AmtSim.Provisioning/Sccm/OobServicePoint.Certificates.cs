using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Provisioning.Connect;
using AmtSim.Provisioning.Sccm.Log;

namespace AmtSim.Provisioning.Sccm;

/// <summary>The provisioning certificate's lifecycle: load the configured PFX, watch its expiry daily, unload it when it expires, pick up a renewed one (seeds 000 and 004).</summary>
public sealed partial class OobServicePoint
{
    /// <summary>Seed 000: the unload happens at one check, the reload from the database two minutes later.</summary>
    private static readonly TimeSpan ReloadDelay = TimeSpan.FromMinutes(2);

    private readonly Lock _certGate = new();
    private string? _configuredPath;
    private string? _configuredPassword;
    private LoadedCertificate? _loaded;

    private sealed record LoadedCertificate(ProvisioningCredential Credential, string Thumbprint, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string Source);

    /// <summary>The provisioning credential in use, or null while none is valid.</summary>
    public ProvisioningCredential? CurrentCredential
    {
        get { lock (_certGate) { return _loaded?.Credential; } }
    }

    /// <summary>
    /// Configures a (renewed) PFX in the out-of-band management component, as an administrator
    /// does in the console. Installing a certificate in the machine's store is not enough (seed
    /// 004); only this counts. Takes effect at the next check, or now with <paramref name="checkNow"/>.
    /// </summary>
    public void ConfigureProvisioningCertificate(string pfxPath, string password, bool checkNow = true)
    {
        lock (_certGate)
        {
            _configuredPath = pfxPath;
            _configuredPassword = password;
        }

        if (checkNow)
        {
            CheckProvisioningCertificate(initial: false);
        }
    }

    private void CheckProvisioningCertificate(bool initial)
    {
        var thread = _options.CertificateThread;
        var now = _time.GetUtcNow();
        LoadedCertificate? loaded;
        lock (_certGate)
        {
            if (initial)
            {
                _configuredPath ??= _options.ProvisioningPfxPath;
                _configuredPassword ??= _options.ProvisioningPfxPassword;
            }

            loaded = _loaded;
        }

        if (loaded is not null && loaded.Source != ConfiguredSource())
        {
            TryLoadConfigured(thread, now);
            return;
        }

        if (loaded is null)
        {
            Log.Write(thread, AmtOpMgrMessages.GetCertificateData);
            TryLoadConfigured(thread, now);
            return;
        }

        if (now >= loaded.NotAfter)
        {
            Log.Write(thread, AmtOpMgrMessages.RemoveUnusedProvisionCert, loaded.Thumbprint);
            lock (_certGate)
            {
                _loaded = null;
            }

            ITimer? reload = null;
            reload = _time.CreateTimer(_ =>
            {
                reload?.Dispose();
                CheckProvisioningCertificate(initial: false);
            }, null, ReloadDelay, Timeout.InfiniteTimeSpan);
            return;
        }

        ReportExpiry(loaded, now);
    }

    private string ConfiguredSource()
    {
        lock (_certGate)
        {
            return $"{_configuredPath}|{(File.Exists(_configuredPath) ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(_configuredPath!))) : "missing")}";
        }
    }

    private void TryLoadConfigured(int thread, DateTimeOffset now)
    {
        string? path, password;
        lock (_certGate)
        {
            path = _configuredPath;
            password = _configuredPassword;
        }

        var candidate = Load(path, password);
        if (candidate is null || now < candidate.NotBefore || now >= candidate.NotAfter)
        {
            Log.Write(thread, AmtOpMgrMessages.InvalidProvisionCert, _options.CertId);
            lock (_certGate)
            {
                _loaded = null;
            }

            return;
        }

        lock (_certGate)
        {
            _loaded = candidate;
        }

        Log.Write(thread, AmtOpMgrMessages.FoundNewProvisionCert, candidate.Thumbprint);
        ReportExpiry(candidate, now);
    }

    private void ReportExpiry(LoadedCertificate loaded, DateTimeOffset now)
    {
        var days = (int)Math.Ceiling((loaded.NotAfter - now).TotalDays);
        if (days > _options.WarningDays)
        {
            return;
        }

        Log.Write(_options.CertificateThread, AmtOpMgrMessages.ProvisionCertExpiring, loaded.Thumbprint, days, _options.CertId);
        var critical = days < _options.CriticalDays;
        _statusMessages.Enqueue(new StatusMessage(
            now,
            critical ? StatusMessage.ProvisioningCertificateExpiringCritical : StatusMessage.ProvisioningCertificateExpiringSoon,
            critical ? StatusSeverity.Error : StatusSeverity.Warning,
            $"The AMT provisioning certificate with thumbprint {loaded.Thumbprint} expires in {days} day(s)."));
    }

    private LoadedCertificate? Load(string? path, string? password)
    {
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        X509Certificate2Collection collection;
        try
        {
            collection = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException)
        {
            return null;
        }

        ProvisioningCredential credential;
        try
        {
            credential = ProvisioningCredential.FromCollection(collection);
        }
        catch (ArgumentException)
        {
            return null;
        }

        var leaf = credential.Leaf;
        return new LoadedCertificate(credential, leaf.Thumbprint.ToUpperInvariant(), leaf.NotBefore.ToUniversalTime(), leaf.NotAfter.ToUniversalTime(), $"{path}|{Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))}");
    }
}
