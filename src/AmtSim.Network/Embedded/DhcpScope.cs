using System.Net;
using AmtSim.Firmware.Boot;

namespace AmtSim.Network.Embedded;

/// <summary>
/// A DHCP scope of the embedded network: what a device leasing from it is told. Each field is a
/// knob for a field failure: no option 15, the wrong option 15, no option 6, no option 81
/// registration, a stale PTR left by the address's previous holder.
/// </summary>
public sealed record DhcpScope
{
    public required string Name { get; init; }

    /// <summary>Option 15 (domain name); null = the scope does not send it.</summary>
    public string? DomainName { get; init; }

    /// <summary>Option 6; empty = the scope does not send it. Filled with the embedded DNS by <see cref="EmbeddedNetwork.AddScope"/> when null.</summary>
    public IReadOnlyList<IPAddress>? DnsServers { get; init; }

    /// <summary>Option 81: the server registers hostname.option15 in DNS (A and PTR).</summary>
    public bool RegisterFqdn { get; init; } = true;

    /// <summary>DHCPv6 option 24 domain search list, at most 5 (amt-reference.md §1.1).</summary>
    public IReadOnlyList<string> V6DomainSearch { get; init; } = [];

    /// <summary>The address's previous holder left a PTR record that registration does not replace.</summary>
    public bool StalePtr { get; init; }

    public TimeSpan LeaseTime { get; init; } = TimeSpan.FromHours(8);

    public DhcpScope Validated()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name);
        if (V6DomainSearch.Count > DhcpLease.MaxV6DomainSearch)
        {
            throw new ArgumentException($"scope '{Name}': DHCPv6 option 24 carries at most {DhcpLease.MaxV6DomainSearch} suffixes, got {V6DomainSearch.Count}");
        }

        return this;
    }
}
