namespace AmtSim.Firmware.Validation;

/// <summary>Whether a leaf CN matched the device's trusted DNS suffix, and by which part of the rule (or why not).</summary>
public readonly record struct DnsSuffixMatch(bool IsMatch, string Explanation)
{
    internal static DnsSuffixMatch Yes(string explanation) => new(true, explanation);

    internal static DnsSuffixMatch No(string explanation) => new(false, explanation);
}
