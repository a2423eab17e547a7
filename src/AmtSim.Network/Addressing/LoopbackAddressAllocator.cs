using System.Net;

namespace AmtSim.Network.Addressing;

/// <summary>What an address is for: servers and devices come from separate ranges so a trail is easy to read.</summary>
public enum AddressRole
{
    /// <summary>Provisioning servers, DNS: 127.0.2.1 upward.</summary>
    Server,

    /// <summary>Devices: 127.1.0.1 upward.</summary>
    Device,
}

/// <summary>
/// Hands out distinct addresses on 127.0.0.0/8 (all local on Linux, no setup needed), one per
/// device and one per server, so every device listens on the real AMT ports and connects from its
/// own address. Host parts .0 and .255 are skipped. Thread-safe, deterministic in call order.
/// </summary>
/// <remarks>
/// Partitions let several worlds share the machine (scenarios run in parallel): partition 0 uses
/// the ranges above; partition p (1 to <see cref="MaxPartition"/>) uses servers 127.(200+p).x.x
/// and devices 127.(1+8p).x.x to 127.(4+8p).x.x.
/// </remarks>
public sealed class LoopbackAddressAllocator(int partition = 0)
{
    /// <summary>Highest partition number (servers 127.230.x.x and devices up to 127.244.x.x: below 127.255.0.0).</summary>
    public const int MaxPartition = 30;

    private readonly Lock _gate = new();
    private readonly int _serverBase = partition switch
    {
        0 => ServerBase,
        > 0 and <= MaxPartition => (127 << 24) | ((200 + partition) << 16),
        _ => throw new ArgumentOutOfRangeException(nameof(partition), partition, $"partitions are 0 to {MaxPartition}"),
    };

    private readonly int _deviceBase = DeviceBase + ((8 * partition) << 16);
    private int _nextServer;
    private int _nextDevice;

    /// <summary>127.0.2.x: kept clear of 127.0.0.1 and 127.0.1.1 (Debian's hostname address).</summary>
    public const int ServerBase = (127 << 24) | (0 << 16) | (2 << 8);

    public const int DeviceBase = (127 << 24) | (1 << 16);

    /// <summary>Servers: 254 /24s (127.0.2.0 to 127.0.255.0) of 254 hosts.</summary>
    public const int ServerCapacity = 254 * 254;

    /// <summary>Devices: 127.1.0.0/16 to 127.4.255.0, 254 hosts per /24.</summary>
    public const int DeviceCapacity = 254 * 256 * 4;

    public IPAddress Allocate(AddressRole role)
    {
        int n;
        lock (_gate)
        {
            n = role == AddressRole.Server ? _nextServer++ : _nextDevice++;
        }

        var baseAddress = role == AddressRole.Server ? _serverBase : _deviceBase;
        var limit = role == AddressRole.Server ? ServerCapacity : DeviceCapacity;
        if (n >= limit)
        {
            throw new InvalidOperationException($"the {role} range of 127.0.0.0/8 is exhausted after {limit} addresses");
        }

        var value = baseAddress + ((n / 254) << 8) + (n % 254) + 1;
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
    }
}
