using AmtSim.Firmware.Profiles;

namespace AmtSim.Firmware.Device;

/// <summary>Who a device is: UUID, MAC, hostname, firmware and SKU.</summary>
public sealed record DeviceIdentity
{
    public required Guid Uuid { get; init; }

    /// <summary>MAC address as 12 lower-case hex digits separated by ':' (Intel OUI for generated fleets).</summary>
    public required string Mac { get; init; }

    public required string Hostname { get; init; }

    public required FirmwareProfile Firmware { get; init; }

    /// <summary>Firmware SKU as AMT reports it (e.g. 16392 = corporate).</summary>
    public string Sku { get; init; } = "16392";
}
