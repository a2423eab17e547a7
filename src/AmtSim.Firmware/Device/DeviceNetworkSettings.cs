using System.Net;

namespace AmtSim.Firmware.Device;

/// <summary>What a device knows of its network: its address and the DNS suffixes it was given or configured with.</summary>
public sealed class DeviceNetworkSettings
{
    /// <summary>The device's own address (a 127.x loopback address in the embedded network).</summary>
    public IPAddress Address { get; set; } = IPAddress.Loopback;

    /// <summary>DHCP option 15 (domain name), if the lease carried one.</summary>
    public string? DhcpDomainSuffix { get; set; }

    /// <summary>MEBx "PKI DNS suffix", overriding option 15 for certificate matching and the ProvisionServer lookup.</summary>
    public string? PkiDnsSuffix { get; set; }

    /// <summary>Static provisioning server (SCA) address set in MEBx or by USB, if any.</summary>
    public IPEndPoint? StaticProvisioningServer { get; set; }

    /// <summary>Configured provisioning server FQDN, if any.</summary>
    public string? ProvisioningServerFqdn { get; set; }

    /// <summary>The device's FQDN as registered (DHCP option 81), or set during provisioning.</summary>
    public string? Fqdn { get; set; }

    /// <summary>Whether the management connection is wireless (SCCM does not renew certificates over wireless).</summary>
    public bool Wireless { get; set; }

    /// <summary>The suffix the device trusts for certificate matching: the MEBx PKI DNS suffix if set, else DHCP option 15 (§1.4).</summary>
    public string? TrustedDnsSuffix => !string.IsNullOrWhiteSpace(PkiDnsSuffix) ? PkiDnsSuffix
        : !string.IsNullOrWhiteSpace(DhcpDomainSuffix) ? DhcpDomainSuffix
        : null;
}
