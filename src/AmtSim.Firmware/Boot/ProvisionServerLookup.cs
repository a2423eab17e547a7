using System.Net;
using AmtSim.Firmware.Device;

namespace AmtSim.Firmware.Boot;

/// <summary>Where a provisioning-server candidate came from, in the device's lookup order (amt-reference.md §1.1).</summary>
public enum LookupSource
{
    /// <summary>Static SCA address set in MEBx or by USB.</summary>
    StaticAddress,

    /// <summary>Configured SCA FQDN.</summary>
    ConfiguredFqdn,

    /// <summary>provisionserver.&lt;MEBx PKI DNS suffix&gt;.</summary>
    PkiDnsSuffix,

    /// <summary>provisionserver.&lt;DHCP option 15&gt;.</summary>
    DhcpOption15,

    /// <summary>provisionserver.&lt;DHCPv6 option 24 suffix&gt; (up to 5).</summary>
    DhcpV6DomainSearch,

    /// <summary>The bare ProvisionServer name registered in every zone (seeds 001, 003).</summary>
    BareName,
}

/// <summary>One step of the lookup: which name was asked and what DNS said.</summary>
public sealed record LookupStep(LookupSource Source, string Name, DnsOutcome Outcome, IPAddress? Address)
{
    public string Describe() => Outcome == DnsOutcome.Found
        ? $"{Name} ({Source}): found {Address}"
        : $"{Name} ({Source}): {Outcome}";
}

/// <summary>The lookup's result: the endpoint found (or none) and every step taken.</summary>
public sealed record ProvisionServerLookupResult(IPEndPoint? Endpoint, LookupSource? Source, string? Name, IReadOnlyList<LookupStep> Steps)
{
    public bool Found => Endpoint is not null;

    public string Describe() => Endpoint is null
        ? $"provision server not found (tried {string.Join(", ", Steps.Select(s => s.Name))})"
        : $"provision server {Endpoint} via {Source}{(Name is null ? "" : $" ({Name})")}";
}

/// <summary>
/// The device's provisioning-server lookup (amt-reference.md §1.1): static SCA address; else DNS
/// for the configured SCA FQDN, provisionserver.&lt;PKI DNS suffix&gt;, provisionserver.&lt;option 15&gt;,
/// provisionserver.&lt;each DHCPv6 option 24 suffix&gt;, and the bare ProvisionServer name. The
/// first name that resolves wins. The same name is not asked twice.
/// </summary>
public static class ProvisionServerLookup
{
    public const string ProvisionServerLabel = "provisionserver";

    public const string BareName = "ProvisionServer";

    /// <summary>The names the device asks, in order, with their source (no DNS traffic).</summary>
    public static IReadOnlyList<(LookupSource Source, string Name)> Candidates(DeviceNetworkSettings settings, DhcpLease? lease)
    {
        var list = new List<(LookupSource, string)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Add(LookupSource source, string? name)
        {
            if (!string.IsNullOrWhiteSpace(name) && seen.Add(name.TrimEnd('.')))
            {
                list.Add((source, name.TrimEnd('.')));
            }
        }

        Add(LookupSource.ConfiguredFqdn, settings.ProvisioningServerFqdn);
        if (!string.IsNullOrWhiteSpace(settings.PkiDnsSuffix))
        {
            Add(LookupSource.PkiDnsSuffix, $"{ProvisionServerLabel}.{settings.PkiDnsSuffix.Trim('.')}");
        }

        var option15 = lease?.DomainName ?? settings.DhcpDomainSuffix;
        if (!string.IsNullOrWhiteSpace(option15))
        {
            Add(LookupSource.DhcpOption15, $"{ProvisionServerLabel}.{option15.Trim('.')}");
        }

        foreach (var suffix in (lease?.V6DomainSearch ?? []).Take(DhcpLease.MaxV6DomainSearch))
        {
            Add(LookupSource.DhcpV6DomainSearch, $"{ProvisionServerLabel}.{suffix.Trim('.')}");
        }

        Add(LookupSource.BareName, BareName);
        return list;
    }

    public static async Task<ProvisionServerLookupResult> LookupAsync(DeviceNetworkSettings settings, DhcpLease? lease, IDeviceNetworkStack network, int port, CancellationToken cancellationToken)
    {
        if (settings.StaticProvisioningServer is { } fixedEndpoint)
        {
            return new ProvisionServerLookupResult(fixedEndpoint, LookupSource.StaticAddress, null,
                [new LookupStep(LookupSource.StaticAddress, fixedEndpoint.ToString(), DnsOutcome.Found, fixedEndpoint.Address)]);
        }

        var steps = new List<LookupStep>();
        if (lease is null)
        {
            return new ProvisionServerLookupResult(null, null, null, steps);
        }

        foreach (var (source, name) in Candidates(settings, lease))
        {
            var answer = await network.ResolveAsync(name, lease, cancellationToken).ConfigureAwait(false);
            var address = answer.Addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
            steps.Add(new LookupStep(source, name, address is null && answer.Outcome == DnsOutcome.Found ? DnsOutcome.NotFound : answer.Outcome, address));
            if (answer.Outcome == DnsOutcome.Found && address is not null)
            {
                return new ProvisionServerLookupResult(new IPEndPoint(address, port), source, name, steps);
            }
        }

        return new ProvisionServerLookupResult(null, null, null, steps);
    }
}
