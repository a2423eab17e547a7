using System.Globalization;

namespace AmtSim.Firmware.Profiles;

/// <summary>An AMT/CSME firmware version such as 11.8.50.3425.</summary>
public readonly record struct FirmwareVersion(int Major, int Minor, int Hotfix = 0, int Build = 0) : IComparable<FirmwareVersion>
{
    public static FirmwareVersion Parse(string text)
    {
        if (!TryParse(text, out var version))
        {
            throw new FormatException($"'{text}' is not a firmware version (expected MAJOR.MINOR[.HOTFIX[.BUILD]], e.g. 11.8 or 16.1.25.2124)");
        }

        return version;
    }

    public static bool TryParse(string? text, out FirmwareVersion version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text.Trim().Split('.');
        if (parts.Length is < 2 or > 4)
        {
            return false;
        }

        Span<int> numbers = stackalloc int[4];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return false;
            }
        }

        version = new FirmwareVersion(numbers[0], numbers[1], numbers[2], numbers[3]);
        return true;
    }

    public int CompareTo(FirmwareVersion other)
    {
        var c = Major.CompareTo(other.Major);
        if (c != 0) return c;
        c = Minor.CompareTo(other.Minor);
        if (c != 0) return c;
        c = Hotfix.CompareTo(other.Hotfix);
        return c != 0 ? c : Build.CompareTo(other.Build);
    }

    public static bool operator <(FirmwareVersion a, FirmwareVersion b) => a.CompareTo(b) < 0;
    public static bool operator >(FirmwareVersion a, FirmwareVersion b) => a.CompareTo(b) > 0;
    public static bool operator <=(FirmwareVersion a, FirmwareVersion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(FirmwareVersion a, FirmwareVersion b) => a.CompareTo(b) >= 0;

    public override string ToString() => Build != 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Hotfix}.{Build}")
        : string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Hotfix}");
}
