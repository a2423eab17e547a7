using AmtSim.Firmware.Device;

namespace AmtSim.Firmware.Host;

/// <summary>
/// What the host OS reads from the firmware over MEI/HECI: the facts an agent on the managed PC
/// (rpc-go's <c>pkg/amt/commands.go</c>: GetVersionDataFromME, GetUUID, GetControlMode,
/// GetLocalSystemAccount, GetDNSSuffix, GetCertificateHashes, GetLANInterfaceSettings, local TLS
/// enforcement) needs before it talks to a provisioning server. Typed, synchronous and in-process:
/// there is no real MEI driver; the device does not know which agent reads it.
/// </summary>
public interface IHostInterface
{
    /// <summary>Code versions: "AMT" (e.g. 16.1.25), "Build Number" (e.g. 2124), "Sku" (e.g. 16392).</summary>
    HostCodeVersions GetCodeVersions();

    /// <summary>The device UUID (rpc-go formats HECI's bytes byte-swapped; this is the formatted value).</summary>
    Guid GetUuid();

    /// <summary>0 pre-provisioning, 1 client control mode, 2 admin control mode.</summary>
    ControlMode GetControlMode();

    /// <summary>The local system account (<c>$$OsAdmin</c>) and its per-device password.</summary>
    LocalSystemAccount GetLocalSystemAccount();

    /// <summary>The MEBx PKI DNS suffix, or "" when none is set (rpc-go then falls back to the OS's suffix).</summary>
    string GetDnsSuffix();

    /// <summary>Every trusted root hash with its name, algorithm and default/active flags, in table order.</summary>
    IReadOnlyList<HostCertificateHash> GetCertificateHashes();

    /// <summary>The wired (or wireless) LAN interface as the firmware reports it; null when the device has no such interface.</summary>
    LanInterfaceSettings? GetLanInterfaceSettings(bool wireless);

    /// <summary>Whether TLS is enforced on the local ports (then LMS relays to 16993 over TLS).</summary>
    bool IsLocalTlsEnforced();
}

/// <summary>The firmware's code versions as MEI reports them.</summary>
public sealed record HostCodeVersions(string Amt, string BuildNumber, string Sku);

/// <summary>The local system account: user <c>$$OsAdmin</c> and its password.</summary>
public sealed record LocalSystemAccount(string Username, string Password)
{
    public const string User = "$$OsAdmin";
}

/// <summary>One trusted root hash: <paramref name="Hash"/> in lower-case hex, <paramref name="Algorithm"/> "SHA1", "SHA256", "SHA384" or "SHA512".</summary>
public sealed record HostCertificateHash(string Name, string Algorithm, string Hash, bool IsDefault, bool IsActive);

/// <summary>LAN interface settings (AMT_GetLanInterfaceSettings over MEI).</summary>
public sealed record LanInterfaceSettings(string InterfaceName, bool IsEnabled, bool LinkUp, bool DhcpEnabled, string DhcpMode, string IpAddress, string MacAddress);
