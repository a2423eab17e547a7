namespace AmtSim.Firmware.Wsman;

/// <summary>
/// User consent (IPS_OptInService): StartOptIn shows a six-digit code on the host's screen (OptInState 2
/// displayed), SendOptInCode with that code grants consent (3 received), CancelOptIn ends it (0 not started).
/// The code is drawn from the device seed, so tests and scenarios can read it here as the "user" would on screen.
/// </summary>
public sealed class OptInSession
{
    public const uint NotStarted = 0;
    public const uint Displayed = 2;
    public const uint Received = 3;

    private int _sessions;

    public uint State { get; private set; } = NotStarted;

    /// <summary>The code on the host's screen while <see cref="State"/> is Displayed.</summary>
    public string? DisplayedCode { get; private set; }

    /// <summary>Wrong codes sent in this session.</summary>
    public int FailedAttempts { get; private set; }

    public void Start(long seed)
    {
        var bytes = Runtime.Determinism.SeedDerivation.DeriveBytes(seed, _sessions++, "optin/code", 4);
        DisplayedCode = (BitConverter.ToUInt32(bytes) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        State = Displayed;
        FailedAttempts = 0;
    }

    /// <summary>True and consent granted when <paramref name="code"/> is the displayed one.</summary>
    public bool TrySend(string code)
    {
        if (State == Displayed && code == DisplayedCode)
        {
            State = Received;
            DisplayedCode = null;
            return true;
        }

        FailedAttempts++;
        return false;
    }

    public void Cancel()
    {
        State = NotStarted;
        DisplayedCode = null;
        FailedAttempts = 0;
    }
}
