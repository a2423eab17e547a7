using System.Net;

namespace AmtSim.Provisioning;

/// <summary>How a provisioning server finds a device's FQDN from the address its hello came from (reverse DNS; option 81 registered it).</summary>
public interface IDeviceNameResolver
{
    ValueTask<string?> ReverseLookupAsync(IPAddress address, CancellationToken cancellationToken);
}
