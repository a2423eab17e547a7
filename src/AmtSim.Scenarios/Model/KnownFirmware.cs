using AmtSim.Firmware.Profiles;

namespace AmtSim.Scenarios.Model;

/// <summary>
/// The AMT firmware generations a scenario may name: major versions 1 to 12 and 14 to 19 (there was
/// no AMT 13 release: Intel's vPro line went from 12 to 14). The simulator's per-generation rules
/// (TLS versions, SHA-1 and key size from 16, the hash tables) cover all of them; anything else
/// (<c>99.9</c>, <c>13.0</c>) is a typo caught at load.
/// </summary>
public static class KnownFirmware
{
    public const int FirstMajor = 1;
    public const int LastMajor = 19;

    public static bool IsKnown(FirmwareVersion version)
        => version.Major is >= FirstMajor and <= LastMajor && version.Major != 13 && version.Minor <= 99;

    public static string Describe() => $"known generations: AMT {FirstMajor} to 12 and 14 to {LastMajor}, e.g. 11.8, 12.0, 16.1";
}
