using System.Net;

namespace AmtSim.Firmware.Boot;

/// <summary>
/// The device's view of the network, and the only way boot and hello code touch it. The embedded
/// 127.0.0.0/8 network and the real-network stack (a real DHCP server such as dnsmasq) both
/// implement it, so the device code path is the same on either: the network is a seam, not a fork.
/// </summary>
public interface IDeviceNetworkStack
{
    /// <summary>One line naming the network (for the audit trail).</summary>
    string Description { get; }

    /// <summary>Runs DHCP for the device; null when no server answered.</summary>
    Task<DhcpLease?> AcquireLeaseAsync(DhcpLeaseRequest request, CancellationToken cancellationToken);

    /// <summary>Resolves <paramref name="name"/> to IPv4 addresses through the DNS servers of the lease (option 6).</summary>
    Task<DnsAnswer> ResolveAsync(string name, DhcpLease lease, CancellationToken cancellationToken);

    /// <summary>Reverse-resolves <paramref name="address"/> (PTR) through the lease's DNS servers.</summary>
    Task<DnsAnswer> ResolvePtrAsync(IPAddress address, DhcpLease lease, CancellationToken cancellationToken);

    /// <summary>Opens a TCP connection from <paramref name="from"/> to <paramref name="to"/>, writes <paramref name="payload"/> and closes.</summary>
    Task<HelloDelivery> SendHelloAsync(IPAddress from, IPEndPoint to, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);
}

/// <summary>What the device asks DHCP for: its MAC, its host name, and (option 81) to have its FQDN registered in DNS.</summary>
public sealed record DhcpLeaseRequest(string Mac, string Hostname, bool RequestFqdnRegistration = true);

/// <summary>
/// A DHCP lease as the device keeps it: its address and the options that matter for provisioning:
/// 15 (domain name), 6 (DNS servers), 81 (the FQDN the server registered), and the DHCPv6
/// option 24 domain search list (at most 5 suffixes).
/// </summary>
public sealed record DhcpLease
{
    /// <summary>DHCPv6 option 24 gives the device at most this many suffixes (amt-reference.md §1.1).</summary>
    public const int MaxV6DomainSearch = 5;

    public required IPAddress Address { get; init; }

    public IPAddress? ServerIdentifier { get; init; }

    public IPAddress? SubnetMask { get; init; }

    /// <summary>Option 15; null when the scope does not send it.</summary>
    public string? DomainName { get; init; }

    /// <summary>Option 6.</summary>
    public IReadOnlyList<IPAddress> DnsServers { get; init; } = [];

    /// <summary>Option 81 as answered by the server: the FQDN registered for the device in DNS, if any.</summary>
    public string? RegisteredFqdn { get; init; }

    /// <summary>DHCPv6 option 24 domain search list (at most <see cref="MaxV6DomainSearch"/>).</summary>
    public IReadOnlyList<string> V6DomainSearch { get; init; } = [];

    public TimeSpan LeaseTime { get; init; } = TimeSpan.FromHours(8);

    /// <summary>The DHCP scope that gave the lease, when the network knows it (the embedded one does).</summary>
    public string? Scope { get; init; }

    public string Describe() =>
        $"lease {Address}{(Scope is null ? "" : $" from scope '{Scope}'")}: option 15 {(DomainName is null ? "absent" : $"'{DomainName}'")}, " +
        $"option 6 [{string.Join(", ", DnsServers)}], option 81 {(RegisteredFqdn is null ? "absent" : $"'{RegisteredFqdn}'")}, " +
        $"DHCPv6 option 24 [{string.Join(", ", V6DomainSearch)}]";
}

/// <summary>How a DNS query ended.</summary>
public enum DnsOutcome
{
    Found,

    /// <summary>NXDOMAIN, or an answer without records of the asked type.</summary>
    NotFound,

    /// <summary>The lease gave no DNS server (no option 6).</summary>
    NoServer,

    /// <summary>No answer in time.</summary>
    Timeout,

    /// <summary>SERVFAIL, REFUSED or a malformed reply.</summary>
    ServerFailure,
}

/// <summary>The answer to an A or PTR query: the addresses (A) or names (PTR) found.</summary>
public sealed record DnsAnswer(DnsOutcome Outcome, IReadOnlyList<IPAddress> Addresses, IReadOnlyList<string> Names, string Detail = "")
{
    public static DnsAnswer Of(IReadOnlyList<IPAddress> addresses) => addresses.Count == 0
        ? new DnsAnswer(DnsOutcome.NotFound, [], [])
        : new DnsAnswer(DnsOutcome.Found, addresses, []);

    public static DnsAnswer OfNames(IReadOnlyList<string> names) => names.Count == 0
        ? new DnsAnswer(DnsOutcome.NotFound, [], [])
        : new DnsAnswer(DnsOutcome.Found, [], names);

    public static DnsAnswer Failed(DnsOutcome outcome, string detail) => new(outcome, [], [], detail);
}

/// <summary>How writing one hello ended.</summary>
public enum HelloDeliveryOutcome
{
    Delivered,

    /// <summary>Nobody listens on the server's port (connection refused).</summary>
    Refused,

    /// <summary>No route, or the source address is not the device's.</summary>
    Unreachable,

    TimedOut,
}

public sealed record HelloDelivery(HelloDeliveryOutcome Outcome, int BytesWritten, string Detail = "");
