using System.Net;
using AmtSim.Firmware.Boot;
using AmtSim.Network.Addressing;
using AmtSim.Network.Faults;
using AmtSim.Runtime.Faults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AmtSim.Network.Embedded;

/// <summary>A server host on the embedded network: name, FQDN and its own 127.x address.</summary>
public sealed record ServerHost(string Name, string Fqdn, IPAddress Address);

/// <summary>
/// The in-process network (the default): a 127.0.0.0/8 address allocator, DHCP scopes (options
/// 15, 6, 81 and DHCPv6 option 24) and an embedded DNS with zones, A/PTR records and
/// ProvisionServer entries. Devices reach it through <see cref="CreateStack"/>; hellos travel over
/// real loopback TCP from each device's own address.
/// </summary>
public sealed class EmbeddedNetwork
{
    private readonly Lock _gate = new();
    private readonly List<DhcpScope> _scopes = [];
    private readonly Dictionary<string, string> _scopeOfMac = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DhcpLease> _leases = new(StringComparer.OrdinalIgnoreCase);
    private readonly ILogger _logger;
    private int _stalePtrs;

    /// <param name="partition">Which block of 127.0.0.0/8 this network's addresses come from (worlds running side by side use different ones).</param>
    public EmbeddedNetwork(ILogger? logger = null, int partition = 0)
    {
        _logger = logger ?? NullLogger.Instance;
        Addresses = new LoopbackAddressAllocator(partition);
        DnsServerAddress = Addresses.Allocate(AddressRole.Server);
    }

    public LoopbackAddressAllocator Addresses { get; }

    public EmbeddedDns Dns { get; } = new();

    /// <summary>The embedded DNS server's address, given as option 6 by scopes that do not say otherwise.</summary>
    public IPAddress DnsServerAddress { get; }

    public IReadOnlyList<DhcpScope> Scopes
    {
        get { lock (_gate) { return [.. _scopes]; } }
    }

    /// <summary>Adds a scope; the first one is the default for devices not assigned elsewhere. Option 15's zone is created.</summary>
    public DhcpScope AddScope(DhcpScope scope)
    {
        scope = scope.Validated() with { DnsServers = scope.DnsServers ?? [DnsServerAddress] };
        if (scope.DomainName is { } domain)
        {
            Dns.AddZone(domain);
        }

        lock (_gate)
        {
            if (_scopes.Any(s => s.Name.Equals(scope.Name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"scope '{scope.Name}' already exists", nameof(scope));
            }

            _scopes.Add(scope);
        }

        return scope;
    }

    /// <summary>Puts the device with <paramref name="mac"/> on scope <paramref name="scopeName"/> (its subnet).</summary>
    public void Assign(string mac, string scopeName)
    {
        lock (_gate)
        {
            if (!_scopes.Any(s => s.Name.Equals(scopeName, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"no scope '{scopeName}'", nameof(scopeName));
            }

            _scopeOfMac[mac] = scopeName;
        }
    }

    /// <summary>A server with its own address, registered (A and PTR) in <paramref name="zone"/>.</summary>
    public ServerHost AddServer(string hostname, string zone)
    {
        var address = Addresses.Allocate(AddressRole.Server);
        var z = Dns.AddZone(zone);
        var fqdn = $"{hostname}.{z.Name}";
        z.AddA(fqdn, address);
        Dns.SetPtr(address, fqdn);
        return new ServerHost(hostname, fqdn, address);
    }

    /// <summary>provisionserver.&lt;zone&gt; pointing at <paramref name="server"/> (seed 003: one per zone).</summary>
    public void AddProvisionServerRecord(string zone, ServerHost server) => Dns.AddZone(zone).AddProvisionServer(server.Address);

    /// <summary>The bare single-label ProvisionServer name pointing at <paramref name="server"/>.</summary>
    public void AddBareProvisionServer(ServerHost server) => Dns.AddSingleLabel(ProvisionServerLookup.BareName, server.Address);

    /// <param name="faults">Faults on this device's DHCP and DNS exchanges (fault matrix); none by default.</param>
    public IDeviceNetworkStack CreateStack(TimeProvider time, IDeviceNetworkFaults? faults = null) => new EmbeddedNetworkStack(this, time, faults);

    /// <summary>The lease a device with <paramref name="request"/> gets: stable per MAC; registers its FQDN when the scope does option 81.</summary>
    public DhcpLease? Lease(DhcpLeaseRequest request)
    {
        using var profile = AmtSim.Runtime.Profiling.PhaseProfiler.Enter(AmtSim.Runtime.Profiling.ProfilePhase.DeviceNetwork);
        DhcpScope? scope;
        lock (_gate)
        {
            if (_leases.TryGetValue(request.Mac, out var existing))
            {
                return existing;
            }

            scope = _scopeOfMac.TryGetValue(request.Mac, out var name)
                ? _scopes.First(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                : _scopes.FirstOrDefault();
        }

        if (scope is null)
        {
            return null;
        }

        var address = Addresses.Allocate(AddressRole.Device);
        if (scope.StalePtr)
        {
            var previous = $"stale-{Interlocked.Increment(ref _stalePtrs)}.{scope.DomainName ?? "invalid"}";
            Dns.SetStalePtr(address, previous);
        }

        string? registered = null;
        if (scope.RegisterFqdn && request.RequestFqdnRegistration && scope.DomainName is { } domain)
        {
            var fqdn = $"{request.Hostname}.{domain.Trim('.')}";
            if (Dns.Register(fqdn, address))
            {
                Dns.SetPtr(address, fqdn);
                registered = fqdn;
                Log.Registered(_logger, fqdn, address);
            }
            else
            {
                Log.NotRegistered(_logger, fqdn);
            }
        }

        var lease = new DhcpLease
        {
            Address = address,
            ServerIdentifier = DnsServerAddress,
            SubnetMask = IPAddress.Parse("255.0.0.0"),
            DomainName = scope.DomainName,
            DnsServers = scope.DnsServers ?? [],
            RegisteredFqdn = registered,
            V6DomainSearch = scope.V6DomainSearch,
            LeaseTime = scope.LeaseTime,
            Scope = scope.Name,
        };
        lock (_gate)
        {
            _leases[request.Mac] = lease;
        }

        Log.Leased(_logger, request.Mac, address, scope.Name);
        return lease;
    }
}

/// <summary>The embedded network as one device sees it.</summary>
internal sealed class EmbeddedNetworkStack(EmbeddedNetwork network, TimeProvider time, IDeviceNetworkFaults? faults) : IDeviceNetworkStack
{
    public string Description => "embedded network (127.0.0.0/8)";

    /// <summary>A faulted DHCP exchange gives no lease: a stalled server never answers, and the device's client discards garbage.</summary>
    public Task<DhcpLease?> AcquireLeaseAsync(DhcpLeaseRequest request, CancellationToken cancellationToken)
        => Task.FromResult(faults?.Take(NetworkStep.Dhcp) is null ? network.Lease(request) : null);

    public Task<DnsAnswer> ResolveAsync(string name, DhcpLease lease, CancellationToken cancellationToken)
    {
        using var profile = AmtSim.Runtime.Profiling.PhaseProfiler.Enter(AmtSim.Runtime.Profiling.ProfilePhase.DeviceNetwork);
        return Task.FromResult(Reachable(lease) ?? Faulted(name) ?? network.Dns.Resolve(name));
    }

    /// <summary>What a faulted DNS query comes to (null: no fault).</summary>
    private DnsAnswer? Faulted(string name) => faults?.Take(NetworkStep.Dns) switch
    {
        null => null,
        FaultKind.Stall => DnsAnswer.Failed(DnsOutcome.Timeout, $"no answer for {name} (injected stall)"),
        FaultKind.Reset => DnsAnswer.Failed(DnsOutcome.ServerFailure, $"connection reset asking for {name} (injected fault)"),
        _ => DnsAnswer.Failed(DnsOutcome.ServerFailure, $"malformed reply for {name} (injected garbage)"),
    };

    public Task<DnsAnswer> ResolvePtrAsync(IPAddress address, DhcpLease lease, CancellationToken cancellationToken)
    {
        using var profile = AmtSim.Runtime.Profiling.PhaseProfiler.Enter(AmtSim.Runtime.Profiling.ProfilePhase.DeviceNetwork);
        return Task.FromResult(Reachable(lease) ?? network.Dns.ResolvePtr(address));
    }

    public Task<HelloDelivery> SendHelloAsync(IPAddress from, IPEndPoint to, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
        => Hello.TcpHelloSender.SendAsync(from, to, payload, time, cancellationToken);

    /// <summary>Null when the lease names the embedded DNS; otherwise why no DNS answers.</summary>
    private DnsAnswer? Reachable(DhcpLease lease)
    {
        if (lease.DnsServers.Count == 0)
        {
            return DnsAnswer.Failed(DnsOutcome.NoServer, "the lease has no option 6");
        }

        return lease.DnsServers.Contains(network.DnsServerAddress)
            ? null
            : DnsAnswer.Failed(DnsOutcome.Timeout, $"no DNS server at {string.Join(", ", lease.DnsServers)}");
    }
}
