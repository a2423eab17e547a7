using System.Security.Cryptography;

namespace AmtSim.Firmware.Device;

public sealed partial class AmtDevice
{
    /// <summary>
    /// The Digest realm: "Digest:" + 32 upper-case hex digits (amt-reference.md §5). Real devices
    /// show device-specific digits; here they are the first 16 bytes of SHA-256 over the UUID, so
    /// the realm is stable per device and HA1 values (md5hex("admin:" + realm + ":" + password)) computed
    /// by a provisioning server stay valid for that device.
    /// </summary>
    public string DigestRealm => "Digest:" + Convert.ToHexString(SHA256.HashData(Identity.Uuid.ToByteArray())[..16]);
}
