namespace AmtSim.Architecture.Tests;

/// <summary>
/// Which of AmtSim's own projects each project may reference directly (docs/ARCHITECTURE.md draws
/// the same table). Anything not listed here is forbidden; a project not listed at all is an error.
/// </summary>
public static class LayerRules
{
    public static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>
    {
        ["AmtSim.Runtime"] = [],
        ["AmtSim.Protocol"] = ["AmtSim.Runtime"],
        ["AmtSim.Transport"] = ["AmtSim.Runtime"],
        // Pki knows certificates, never a device.
        ["AmtSim.Pki"] = ["AmtSim.Runtime", "AmtSim.Protocol"],
        ["AmtSim.Firmware"] = ["AmtSim.Runtime", "AmtSim.Protocol", "AmtSim.Pki", "AmtSim.Transport"],
        ["AmtSim.Network"] = ["AmtSim.Runtime", "AmtSim.Protocol", "AmtSim.Pki", "AmtSim.Transport", "AmtSim.Firmware"],
        // The host side's agents (rpc) reach the firmware through its host interface (MEI facts, LMS), never the network layer or a server.
        ["AmtSim.Agent"] = ["AmtSim.Runtime", "AmtSim.Protocol", "AmtSim.Pki", "AmtSim.Transport", "AmtSim.Firmware"],
        // A provisioning server reaches devices only over the wire: no Firmware, no Network.
        ["AmtSim.Provisioning"] = ["AmtSim.Runtime", "AmtSim.Protocol", "AmtSim.Pki", "AmtSim.Transport"],
        ["AmtSim.Scenarios"] = ["AmtSim.Runtime", "AmtSim.Protocol", "AmtSim.Pki", "AmtSim.Transport", "AmtSim.Firmware", "AmtSim.Agent", "AmtSim.Network", "AmtSim.Provisioning"],
        // Measurement sits on top of the World, never inside it.
        ["AmtSim.Benchmarks"] = ["AmtSim.Runtime", "AmtSim.Protocol", "AmtSim.Pki", "AmtSim.Transport", "AmtSim.Firmware", "AmtSim.Agent", "AmtSim.Network", "AmtSim.Provisioning", "AmtSim.Scenarios"],
        ["AmtSim.Cli"] = ["AmtSim.Runtime", "AmtSim.Protocol", "AmtSim.Pki", "AmtSim.Transport", "AmtSim.Firmware", "AmtSim.Agent", "AmtSim.Network", "AmtSim.Provisioning", "AmtSim.Scenarios", "AmtSim.Benchmarks"],
        ["AmtSim.Bench"] = ["AmtSim.Runtime", "AmtSim.Protocol", "AmtSim.Pki", "AmtSim.Transport", "AmtSim.Firmware", "AmtSim.Agent", "AmtSim.Network", "AmtSim.Provisioning", "AmtSim.Scenarios", "AmtSim.Benchmarks"],
    };

    /// <summary>Every edge of <paramref name="references"/> the table forbids, as "From -> To".</summary>
    public static IReadOnlyList<string> Violations(IReadOnlyDictionary<string, IReadOnlyCollection<string>> references)
    {
        var violations = new List<string>();
        foreach (var (from, targets) in references.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (!Allowed.TryGetValue(from, out var allowed))
            {
                violations.Add($"{from}: not in the layer table");
                continue;
            }

            foreach (var to in targets.Where(t => t.StartsWith("AmtSim.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                if (!allowed.Contains(to))
                {
                    violations.Add($"{from} -> {to}");
                }
            }
        }

        return violations;
    }
}
