using AmtSim.Firmware.Profiles;
using AmtSim.Pki.Catalogue;

namespace AmtSim.Firmware.Validation;

/// <summary>What the device knows when it checks a chain: its table, its trusted suffix, its firmware, its clock.</summary>
public sealed record ValidationContext
{
    public required IReadOnlyList<TrustedRootHash> TrustedHashes { get; init; }

    /// <summary>MEBx PKI DNS suffix if set, else DHCP option 15; null when the device has neither.</summary>
    public required string? TrustedDnsSuffix { get; init; }

    public required FirmwareProfile Profile { get; init; }

    /// <summary>The device clock's "now" (including any skew).</summary>
    public required DateTimeOffset Now { get; init; }
}
