namespace AmtSim.Scenarios.Model;

/// <summary>Settings shared by every device of the scenario.</summary>
public sealed record DeviceSpec
{
    /// <summary>Default firmware version (when a scope gives no mix).</summary>
    public string Firmware { get; init; } = "11.8";

    /// <summary>Device clock skew against the run clock.</summary>
    public TimeSpan ClockOffset { get; init; }

    /// <summary>Whether devices check validity dates of the provisioning chain (per-firmware option, §1.4).</summary>
    public bool CheckValidityDates { get; init; } = true;

    /// <summary>Stand-in roots the devices trust (vendor names); default: all stand-ins.</summary>
    public IReadOnlyList<string> TrustStandIns { get; init; } = [];

    /// <summary>Hello window (6h / 24h / 255h).</summary>
    public TimeSpan HelloWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Management connection is wireless (no certificate renewal).</summary>
    public bool Wireless { get; init; }
}
