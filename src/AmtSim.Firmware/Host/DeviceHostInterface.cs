using AmtSim.Firmware.Device;
using AmtSim.Firmware.Wsman.Classes;
using AmtSim.Protocol.Hello;

namespace AmtSim.Firmware.Host;

/// <summary>The MEI facts of one simulated device, read from its state at the moment of each call.</summary>
public sealed class DeviceHostInterface(AmtDevice device) : IHostInterface
{
    public HostCodeVersions GetCodeVersions()
    {
        var v = device.Identity.Firmware.Version;
        return new HostCodeVersions($"{v.Major}.{v.Minor}.{v.Hotfix}", v.Build.ToString(System.Globalization.CultureInfo.InvariantCulture), device.Identity.Sku);
    }

    public Guid GetUuid() => device.Identity.Uuid;

    public ControlMode GetControlMode() => device.ControlMode;

    public LocalSystemAccount GetLocalSystemAccount() => new(LocalSystemAccount.User, device.LocalSystemPassword);

    public string GetDnsSuffix() => device.Network.PkiDnsSuffix ?? "";

    public IReadOnlyList<HostCertificateHash> GetCertificateHashes()
        => [.. device.HashTable.Select(h => new HostCertificateHash(h.Name, AlgorithmName(h.Algorithm), h.Hex.ToLowerInvariant(), h.IsDefault, h.IsActive))];

    public LanInterfaceSettings? GetLanInterfaceSettings(bool wireless)
        => wireless != device.Network.Wireless
            ? null
            : new LanInterfaceSettings(wireless ? "wireless" : "wired", true, true, true, "active", device.Network.Address.ToString(), device.Identity.Mac);

    public bool IsLocalTlsEnforced()
    {
        var state = device.WsmanState;
        lock (state.Gate)
        {
            return state.TlsSettings.TryGetValue(AmtTlsSettingData.Local, out var local)
                && local.Any(p => p.Name == "Enabled" && string.Equals(p.Value, "true", StringComparison.OrdinalIgnoreCase));
        }
    }

    private static string AlgorithmName(CertHashType type) => type switch
    {
        CertHashType.Sha1 => "SHA1",
        CertHashType.Sha256 => "SHA256",
        CertHashType.Sha384 => "SHA384",
        _ => type.ToString().ToUpperInvariant(),
    };
}
