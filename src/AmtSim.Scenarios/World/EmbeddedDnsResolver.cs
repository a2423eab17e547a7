using System.Net;
using AmtSim.Firmware.Boot;
using AmtSim.Network.Embedded;
using AmtSim.Provisioning;

namespace AmtSim.Scenarios.World;

/// <summary>The provisioning server's reverse lookups, answered by the embedded network's DNS (PTR records registered through option 81).</summary>
public sealed class EmbeddedDnsResolver(EmbeddedDns dns) : IDeviceNameResolver
{
    public ValueTask<string?> ReverseLookupAsync(IPAddress address, CancellationToken cancellationToken)
    {
        var answer = dns.ResolvePtr(address);
        return ValueTask.FromResult(answer.Outcome == DnsOutcome.Found ? answer.Names[0] : null);
    }
}
