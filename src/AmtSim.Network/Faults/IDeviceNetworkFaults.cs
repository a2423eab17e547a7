using AmtSim.Runtime.Faults;

namespace AmtSim.Network.Faults;

/// <summary>The device-side network exchanges a fault can hit before any server is involved.</summary>
public enum NetworkStep
{
    /// <summary>The device's DHCP exchange (its lease).</summary>
    Dhcp,

    /// <summary>The device's DNS queries for its provisioning server (ProvisionServer lookup).</summary>
    Dns,
}

/// <summary>
/// Faults injected into one device's network exchanges (issue 17 item 5), asked once per exchange.
/// The embedded network has no DHCP or DNS wire, so a fault replaces the answer the device would
/// get: a stalled DHCP server or garbage the device's client discards both leave it without a lease;
/// a stalled DNS server is a timeout, a garbage reply a server failure ("malformed reply").
/// </summary>
public interface IDeviceNetworkFaults
{
    FaultKind? Take(NetworkStep step);
}
