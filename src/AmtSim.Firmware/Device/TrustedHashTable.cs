using AmtSim.Firmware.Profiles;
using AmtSim.Pki.Catalogue;
using AmtSim.Pki.Fixtures;
using AmtSim.Protocol.Hello;

namespace AmtSim.Firmware.Device;

/// <summary>
/// The one place a simulated device's trusted root hash table is built: the firmware's real default table
/// plus the fixture PKI's stand-in roots (all of them, or those of the named vendors). Used by the scenario
/// World and by <c>amtsim device serve</c>, so every simulated device trusts the same roots (issue 14).
/// </summary>
public static class TrustedHashTable
{
    /// <summary>The stand-in roots of <paramref name="manifest"/> (filtered by <paramref name="vendors"/> when any), then the profile's defaults.</summary>
    public static IReadOnlyList<TrustedRootHash> For(FixtureManifest manifest, FirmwareProfile profile, IReadOnlyList<string>? vendors = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(profile);
        vendors ??= [];
        var type = profile.Version.Major >= 11 ? CertHashType.Sha256 : CertHashType.Sha1;
        var standIns = manifest.Authorities
            .Where(a => a.Role == "root" && a.TrustedByDevices)
            .Where(a => vendors.Count == 0 || vendors.Any(v => a.Subject.Contains(v, StringComparison.OrdinalIgnoreCase)))
            .Select(a => TrustedRootHash.FromHex("AmtSim " + a.Id, type, type == CertHashType.Sha256 ? a.Sha256Thumbprint : a.Sha1Thumbprint, isDefault: false));
        return [.. standIns, .. profile.DefaultHashes];
    }
}
