using AmtSim.Firmware.Device;
using AmtSim.Firmware.Profiles;

namespace AmtSim.Network.Fleet;

/// <summary>A DHCP scope of a fleet: its name and the DNS suffix (option 15) its devices get.</summary>
public sealed record FleetScope(string Name, string Suffix);

/// <summary>One generated device: identity, where it sits, and what its firmware generation does.</summary>
public sealed record FleetDevice
{
    public required int Index { get; init; }

    /// <summary>The device's own seed: SeedDerivation.Derive(run seed, index, "device").</summary>
    public required int Seed { get; init; }

    public required Guid Uuid { get; init; }

    public required string Mac { get; init; }

    public required string Hostname { get; init; }

    public required string Scope { get; init; }

    public required string Fqdn { get; init; }

    public required FirmwareVersion Firmware { get; init; }

    public required string Sku { get; init; }

    /// <summary>The firmware generation's behaviour (TLS versions, SHA-1 and key-size checks, default hash table).</summary>
    public FirmwareProfile Profile => FirmwareProfile.For(Firmware);

    public DeviceIdentity ToIdentity() => new()
    {
        Uuid = Uuid,
        Mac = Mac,
        Hostname = Hostname,
        Firmware = Profile,
        Sku = Sku,
    };
}
