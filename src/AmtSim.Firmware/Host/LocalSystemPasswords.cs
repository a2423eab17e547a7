namespace AmtSim.Firmware.Host;

/// <summary>
/// Per-device passwords of the local system account, derived from a seed (the builder derives it
/// from (run seed, device index)), so one seed gives the same passwords and no two devices share one.
/// Real firmware generates a random 32-character password and hands it to the host over MEI; these
/// have 24 characters with upper- and lower-case letters, digits and a symbol, as AMT's password rules ask.
/// </summary>
public static class LocalSystemPasswords
{
    private const string Letters = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private const string Digits = "23456789";
    private const string Symbols = "!#%*+-_";

    /// <summary>The purpose builders derive the seed with: <c>SeedDerivation.Derive(runSeed, index, SeedPurpose)</c>.</summary>
    public const string SeedPurpose = "device/local-system-account";

    public static string For(int seed)
    {
        var random = new Random(seed);
        var chars = new char[24];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Letters[random.Next(Letters.Length)];
        }

        chars[3] = char.ToUpperInvariant(Letters[random.Next(24)]);
        chars[7] = Letters[24 + random.Next(Letters.Length - 24)];
        chars[11] = Digits[random.Next(Digits.Length)];
        chars[17] = Symbols[random.Next(Symbols.Length)];
        return new string(chars);
    }
}
