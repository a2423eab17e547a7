using System.Net;
using AmtSim.Firmware.Boot;
using AmtSim.Runtime.Determinism;
using AmtSim.Protocol.Dns;
using Microsoft.Extensions.Logging;

namespace AmtSim.Network.Real;

/// <summary>
/// The device on a real network interface: DHCP over real UDP, DNS over real UDP to the lease's
/// option-6 servers, hellos over real TCP from the leased address. A real DHCP server (dnsmasq)
/// answers. The device code is the same as on the embedded network.
/// </summary>
public sealed class RealNetworkStack : IDeviceNetworkStack
{
    private readonly string _interface;
    private readonly TimeProvider _time;
    private readonly RealDhcpClient _dhcp;
    private readonly UdpDnsResolver _dns;
    private readonly Func<DhcpLease, CancellationToken, Task>? _configureAddress;

    /// <param name="interfaceName">The interface the device sits on.</param>
    /// <param name="runSeed">Run seed; DHCP transaction ids and DNS query ids derive from it.</param>
    /// <param name="configureAddress">Puts the leased address on the interface (what the firmware's own IP stack does), so the device can use it as a source.</param>
    public RealNetworkStack(string interfaceName, TimeProvider time, long runSeed, Func<DhcpLease, CancellationToken, Task>? configureAddress = null, ILogger? logger = null, int dnsPort = 53)
    {
        _interface = interfaceName;
        _time = time;
        _configureAddress = configureAddress;
        _dhcp = new RealDhcpClient(interfaceName, time, SeedDerivation.Derive(runSeed, 0, "dhcp-xid"), logger);
        _dns = new UdpDnsResolver(time, SeedDerivation.Derive(runSeed, 0, "dns-id"), logger) { Port = dnsPort };
    }

    public string Description => $"real network on {_interface}";

    public async Task<DhcpLease?> AcquireLeaseAsync(DhcpLeaseRequest request, CancellationToken cancellationToken)
    {
        var lease = await _dhcp.AcquireAsync(request, cancellationToken).ConfigureAwait(false);
        if (lease is not null && _configureAddress is not null)
        {
            await _configureAddress(lease, cancellationToken).ConfigureAwait(false);
        }

        return lease;
    }

    public Task<DnsAnswer> ResolveAsync(string name, DhcpLease lease, CancellationToken cancellationToken)
        => _dns.QueryAsync(name, DnsRecordType.A, lease.Address, lease.DnsServers, cancellationToken);

    public Task<DnsAnswer> ResolvePtrAsync(IPAddress address, DhcpLease lease, CancellationToken cancellationToken)
        => _dns.QueryAsync(DnsName.ReverseName(address), DnsRecordType.Ptr, lease.Address, lease.DnsServers, cancellationToken);

    public Task<HelloDelivery> SendHelloAsync(IPAddress from, IPEndPoint to, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
        => Hello.TcpHelloSender.SendAsync(from, to, payload, _time, cancellationToken);
}
