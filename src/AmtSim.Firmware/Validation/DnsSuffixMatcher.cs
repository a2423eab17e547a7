using AmtSim.Firmware.Profiles;

namespace AmtSim.Firmware.Validation;

/// <summary>
/// Matches the provisioning certificate's CN against the device's trusted DNS suffix (the MEBx
/// "PKI DNS suffix" if set, else DHCP option 15), amt-reference.md §1.4. Names compare
/// case-insensitively and a trailing dot is ignored; a name with an empty label never matches.
/// </summary>
public static class DnsSuffixMatcher
{
    /// <summary>Firmware from which the last-two-labels match for .com/.net applies (Intel: "in AMT 2.6 added a feature").</summary>
    public static readonly FirmwareVersion LastTwoLabelsSince = new(2, 6);

    /// <summary>Matches by <paramref name="rule"/>; Intel's last-two-labels part applies from <see cref="LastTwoLabelsSince"/>.</summary>
    public static DnsSuffixMatch Match(string commonName, string trustedSuffix, DnsSuffixRule rule, FirmwareVersion firmware) => rule switch
    {
        DnsSuffixRule.Intel => MatchIntel(commonName, trustedSuffix, firmware >= LastTwoLabelsSince),
        DnsSuffixRule.MeshCentralTld => MatchMeshCentral(commonName, trustedSuffix),
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "unknown DNS suffix rule"),
    };

    /// <summary>
    /// Intel's rule. (1) The CN's domain (the CN without its first label) equals the suffix: the
    /// certificate is "issued to the DNS context of the clients" (seeds 002, 003). (2) With
    /// <paramref name="lastTwoLabels"/> (AMT 2.6+) and a CN ending in .com or .net, the CN's last
    /// two labels (contoso.com) equal the suffix or are a parent of it, so server1.contoso.com
    /// serves a.contoso.com and b.sales.contoso.com. Nothing else matches: a CN in .org never
    /// serves a child zone of its domain.
    /// </summary>
    public static DnsSuffixMatch MatchIntel(string commonName, string trustedSuffix, bool lastTwoLabels)
    {
        if (!TryNormalize(commonName, out var cn, out var cnLabels))
        {
            return DnsSuffixMatch.No($"CN '{commonName}' is not a DNS name");
        }

        if (!TryNormalize(trustedSuffix, out var suffix, out _))
        {
            return DnsSuffixMatch.No($"trusted DNS suffix '{trustedSuffix}' is not a DNS name");
        }

        var domain = cnLabels.Length > 1 ? cn[(cn.IndexOf('.', StringComparison.Ordinal) + 1)..] : "";
        if (domain.Length > 0 && domain == suffix)
        {
            return DnsSuffixMatch.Yes($"CN '{commonName}' has domain '{domain}', equal to the trusted suffix '{trustedSuffix}' (Intel rule)");
        }

        var tld = cnLabels[^1];
        if (lastTwoLabels && cnLabels.Length >= 2 && tld is "com" or "net")
        {
            var lastTwo = $"{cnLabels[^2]}.{tld}";
            if (IsSameOrParent(lastTwo, suffix))
            {
                return DnsSuffixMatch.Yes($"CN '{commonName}' ends in '{lastTwo}', which covers the trusted suffix '{trustedSuffix}' (Intel rule, AMT 2.6+ last two labels for .com/.net)");
            }

            return DnsSuffixMatch.No($"neither the CN's domain '{domain}' nor its last two labels '{lastTwo}' cover the trusted suffix '{trustedSuffix}' (Intel rule)");
        }

        var why = lastTwoLabels
            ? $"the last-two-labels match applies only to .com and .net, not .{tld}"
            : "the last-two-labels match needs AMT 2.6 or later";
        return DnsSuffixMatch.No($"CN '{commonName}' has domain '{domain}', not the trusted suffix '{trustedSuffix}'; {why} (Intel rule)");
    }

    /// <summary>
    /// MeshCentral's generalisation: strip a leading "*.", take as many trailing labels of the CN
    /// as <see cref="MeshCentralTldTable"/> gives for its TLD (the whole CN for an unknown TLD),
    /// then match when that domain equals the suffix or is a parent of it.
    /// </summary>
    public static DnsSuffixMatch MatchMeshCentral(string commonName, string trustedSuffix)
    {
        var raw = commonName.Trim();
        if (raw.StartsWith("*.", StringComparison.Ordinal))
        {
            raw = raw[2..];
        }

        if (!TryNormalize(raw, out _, out var cnLabels))
        {
            return DnsSuffixMatch.No($"CN '{commonName}' is not a DNS name");
        }

        if (!TryNormalize(trustedSuffix, out var suffix, out _))
        {
            return DnsSuffixMatch.No($"trusted DNS suffix '{trustedSuffix}' is not a DNS name");
        }

        var tld = cnLabels[^1];
        var wanted = MeshCentralTldTable.LabelsFor(tld) ?? cnLabels.Length;
        var take = Math.Min(wanted, cnLabels.Length);
        var domain = string.Join('.', cnLabels[^take..]);
        return IsSameOrParent(domain, suffix)
            ? DnsSuffixMatch.Yes($"CN '{commonName}' gives domain '{domain}' ({take} labels for .{tld}), which covers the trusted suffix '{trustedSuffix}' (MeshCentral TLD rule)")
            : DnsSuffixMatch.No($"CN '{commonName}' gives domain '{domain}' ({take} labels for .{tld}), which does not cover the trusted suffix '{trustedSuffix}' (MeshCentral TLD rule)");
    }

    private static bool IsSameOrParent(string domain, string name)
        => name == domain || name.EndsWith("." + domain, StringComparison.Ordinal);

    /// <summary>Lower-cases, trims and drops one trailing dot; false for empty names and empty labels.</summary>
    private static bool TryNormalize(string? name, out string normalized, out string[] labels)
    {
        normalized = (name ?? "").Trim();
        if (normalized.EndsWith('.'))
        {
            normalized = normalized[..^1];
        }

        normalized = normalized.ToLowerInvariant();
        labels = normalized.Split('.');
        return normalized.Length > 0 && Array.TrueForAll(labels, l => l.Length > 0);
    }
}
