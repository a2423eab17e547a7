using System.Net;
using AmtSim.Firmware.Boot;

namespace AmtSim.Firmware.Tests.Boot;

/// <summary>An in-memory network for boot tests: a fixed lease, a name table, and a record of every hello written.</summary>
internal sealed class FakeNetworkStack(TimeProvider time) : IDeviceNetworkStack
{
    public DhcpLease? Lease { get; set; } = new()
    {
        Address = IPAddress.Parse("127.1.0.10"),
        DomainName = "contoso.com",
        DnsServers = [IPAddress.Parse("127.0.0.53")],
    };

    public Dictionary<string, IPAddress> Names { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<IPAddress, string> Pointers { get; } = [];

    public List<string> Queries { get; } = [];

    public List<(DateTimeOffset At, IPAddress From, IPEndPoint To, byte[] Bytes)> Sent { get; } = [];

    public HelloDeliveryOutcome DeliveryOutcome { get; set; } = HelloDeliveryOutcome.Delivered;

    public string Description => "fake network";

    public Task<DhcpLease?> AcquireLeaseAsync(DhcpLeaseRequest request, CancellationToken cancellationToken) => Task.FromResult(Lease);

    public Task<DnsAnswer> ResolveAsync(string name, DhcpLease lease, CancellationToken cancellationToken)
    {
        Queries.Add(name);
        if (lease.DnsServers.Count == 0)
        {
            return Task.FromResult(DnsAnswer.Failed(DnsOutcome.NoServer, "no option 6"));
        }

        return Task.FromResult(Names.TryGetValue(name, out var a) ? DnsAnswer.Of([a]) : DnsAnswer.Of([]));
    }

    public Task<DnsAnswer> ResolvePtrAsync(IPAddress address, DhcpLease lease, CancellationToken cancellationToken)
        => Task.FromResult(Pointers.TryGetValue(address, out var n) ? DnsAnswer.OfNames([n]) : DnsAnswer.OfNames([]));

    public Task<HelloDelivery> SendHelloAsync(IPAddress from, IPEndPoint to, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        Sent.Add((time.GetUtcNow(), from, to, payload.ToArray()));
        return Task.FromResult(new HelloDelivery(DeliveryOutcome, DeliveryOutcome == HelloDeliveryOutcome.Delivered ? payload.Length : 0));
    }
}
