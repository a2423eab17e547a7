namespace AmtSim.Pki.Keys;

/// <summary>
/// Which pool indices each user of the key pool takes, so users never share a key by accident
/// and adding keys to one never shifts another's.
/// </summary>
public static class KeySlots
{
    /// <summary>Stand-in vendor roots: this plus the vendor's ordinal (0..99).</summary>
    public const int StandInRoots = 0;

    /// <summary>The fixture PKI's own CAs and leaves: this plus the fixture's slot (100..999).</summary>
    public const int Fixtures = 100;

    /// <summary>Free for other components (device keys, enterprise CAs): 1000 and up.</summary>
    public const int Others = 1000;
}
