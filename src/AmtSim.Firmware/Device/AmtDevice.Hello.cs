using AmtSim.Protocol.Hello;

namespace AmtSim.Firmware.Device;

public sealed partial class AmtDevice
{
    /// <summary>The MEBx factory default password; while it is unchanged the hello says no admin credentials are set.</summary>
    public const string FactoryMebxPassword = "admin";

    /// <summary>The hello's first field: whether admin credentials were set (the MEBx password changed from the factory default).</summary>
    public bool AdminCredentialsSet => !string.Equals(MebxPassword, FactoryMebxPassword, StringComparison.Ordinal);

    /// <summary>
    /// The PKI hello this device sends (amt-reference.md §1.2): version 3, the admin-credentials
    /// flag, the retry count, its UUID and its ACTIVE trusted hashes in table order, at most 23
    /// (or fewer when the firmware generation caps it lower).
    /// </summary>
    public PkiHello BuildHello(uint retryCount)
    {
        var max = Math.Min(PkiHello.MaxHashes, Identity.Firmware.MaxHelloHashes);
        return new PkiHello
        {
            AdminCredentialsSet = AdminCredentialsSet,
            RetryCount = retryCount,
            Uuid = Identity.Uuid,
            Hashes = [.. HashTable.Where(h => h.IsActive).Take(max).Select(h => new PkiHelloHash(h.Algorithm, h.HashBytes()))],
        };
    }
}
