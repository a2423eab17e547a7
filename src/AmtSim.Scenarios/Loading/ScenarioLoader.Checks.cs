using System.Text.RegularExpressions;
using AmtSim.Firmware.Profiles;
using AmtSim.Scenarios.Model;
using YamlDotNet.RepresentationModel;

namespace AmtSim.Scenarios.Loading;

/// <summary>
/// Checks across fields, made once the whole file has been read, so a mistake that would surface
/// only at run time (a setup error, or a failed expectation after a minute of fleet) is an invalid
/// file at load instead, with file:line:column: fixture names, scope names and indexes in
/// expectations, firmware versions against the known generations, and what each server kind needs.
/// </summary>
public static partial class ScenarioLoader
{
    /// <summary>Placeholders a <c>server.command</c> may carry (filled in by the world and the external-process adapter).</summary>
    public static IReadOnlyList<string> CommandPlaceholders { get; } = ["ScenarioDir", "HelloPort", "Address", "DevicesFile", "WorkDir", "Pfx", "PfxPassword"];

    private static void CheckConsistency(YamlReader r, YamlMappingNode root, Scenario scenario, ScenarioLoadContext context)
    {
        CheckCertificates(r, root, scenario, context);
        CheckFirmware(r, root, scenario);
        CheckServer(r, root, scenario);
        CheckDeviceSelectors(r, root, scenario);
        CheckFaults(r, root, scenario);
    }

    /// <summary>Fault indexes within the fleet; faults past the device's own network need the built-in service point (the one that applies them).</summary>
    private static void CheckFaults(YamlReader r, YamlMappingNode root, Scenario scenario)
    {
        if (r.Get(root, "faults") is not YamlSequenceNode faults)
        {
            return;
        }

        var total = scenario.Network.Scopes.Sum(s => s.Devices);
        for (var i = 0; i < scenario.Faults.Count; i++)
        {
            var spec = scenario.Faults[i];
            if (spec.Indexes.FirstOrDefault(x => x >= total, -1) is var past and >= 0)
            {
                throw r.Error(faults.Children[i], $"faults.devices: {past} is past the last device (the run has {total} device(s), indexes 0 to {total - 1})");
            }

            if (scenario.Server.Kind != ServerKind.Builtin && spec.Step is not (World.Faults.FaultPoints.Dhcp or World.Faults.FaultPoints.Dns))
            {
                throw r.Error(faults.Children[i], $"faults: a fault at {spec.Step} needs server.kind builtin (the built-in service point applies it); a third-party server gets only Dhcp and Dns faults");
            }
        }
    }

    private static void CheckCertificates(YamlReader r, YamlMappingNode root, Scenario scenario, ScenarioLoadContext context)
    {
        if (r.Get(root, "pki") is not YamlMappingNode pki)
        {
            return;
        }

        foreach (var key in new[] { "provisioning-certificate", "renewed-certificate" })
        {
            if (r.Get(pki, key) is not { } node)
            {
                continue;
            }

            var id = key == "provisioning-certificate" ? scenario.Pki.ProvisioningCertificate : scenario.Pki.RenewedCertificate!;
            if (LooksLikeFile(id))
            {
                // The user's own file, opened and checked as it was read (ScenarioLoader.Certificates).
                continue;
            }

            if (context.FixtureIds is { } ids && !ids.Contains(id))
            {
                throw r.Error(node, $"pki.{key}: unknown provisioning certificate '{id}' (the fixture PKI has: {string.Join(", ", ids.Order(StringComparer.Ordinal))}; your own certificate is a file name such as customer.pfx)");
            }

            if (context.FixtureFiles is { } files && files.TryGetValue(id, out var missing) && missing is not null)
            {
                throw r.Error(node, $"pki.{key}: the fixture PKI lists '{id}' but its file {missing} is missing");
            }
        }
    }

    private static void CheckFirmware(YamlReader r, YamlMappingNode root, Scenario scenario)
    {
        if (r.Get(root, "devices") is YamlMappingNode devices && r.Get(devices, "firmware") is { } node)
        {
            RequireKnown(r, node, "devices.firmware", scenario.Devices.Firmware);
        }

        if (r.Get(root, "network") is not YamlMappingNode network || r.Get(network, "scopes") is not YamlSequenceNode scopes)
        {
            return;
        }

        foreach (var scope in scopes.Children.OfType<YamlMappingNode>())
        {
            if (r.Get(scope, "firmware") is YamlMappingNode mix)
            {
                foreach (var (k, _) in mix.Children)
                {
                    RequireKnown(r, k, "scope.firmware", ((YamlScalarNode)k).Value!);
                }
            }
        }
    }

    private static void RequireKnown(YamlReader r, YamlNode node, string what, string version)
    {
        if (FirmwareVersion.TryParse(version, out var v) && !KnownFirmware.IsKnown(v))
        {
            throw r.Error(node, $"{what}: '{version}' is not a known AMT firmware ({KnownFirmware.Describe()})");
        }
    }

    private static void CheckServer(YamlReader r, YamlMappingNode root, Scenario scenario)
    {
        if (r.Get(root, "expect") is YamlMappingNode expect && r.Get(expect, "rps") is { } rpsExpect && scenario.Server.Kind != ServerKind.Rps)
        {
            throw r.Error(rpsExpect, "expect.rps checks RPS's final messages: it needs 'server.kind: rps'");
        }

        if (r.Get(root, "server") is not YamlMappingNode server)
        {
            return;
        }

        var kind = scenario.Server.Kind;
        var command = r.Get(server, "command");
        switch (kind)
        {
            case ServerKind.Builtin when command is not null:
                throw r.Error(command, "server.command runs a program in place of the built-in service point: it needs 'kind: external' or 'kind: meshcentral'");
            case ServerKind.MeshCentral when command is null:
                throw r.Error(server, "server: kind 'meshcentral' needs 'command', the launcher that starts MeshCentral (e.g. command: [ node, '{ScenarioDir}/../../servers/meshcentral/launch.js' ] in a checkout)");
            case not ServerKind.Builtin when r.Get(server, "log-format") is { } format:
                throw r.Error(format, $"server.log-format sets the built-in service point's amtopmgr.log format; a '{kind.ToString().ToLowerInvariant()}' server writes its own output");
        }

        foreach (var key in new[] { "url", "api", "activation", "amt-password", "mebx-password", "domain-suffix", "dns-suffix" })
        {
            if (kind != ServerKind.Rps && r.Get(server, key) is { } rpsOnly)
            {
                throw r.Error(rpsOnly, $"server.{key} configures an RPS: it needs 'kind: rps'");
            }
        }

        if (kind == ServerKind.Rps && command is not null)
        {
            throw r.Error(command, "server.command: a 'kind: rps' server is one the user runs (server.url and server.api, or AMTSIM_RPS_URL and AMTSIM_RPS_API), never started by amtsim");
        }

        if (command is null)
        {
            return;
        }

        foreach (var argument in scenario.Server.Command)
        {
            foreach (Match m in Placeholder().Matches(argument))
            {
                if (!CommandPlaceholders.Contains(m.Groups[1].Value, StringComparer.Ordinal))
                {
                    throw r.Error(command, $"server.command: unknown placeholder '{m.Value}' (known: {string.Join(", ", CommandPlaceholders.Select(p => "{" + p + "}"))})");
                }
            }
        }
    }

    private static void CheckDeviceSelectors(YamlReader r, YamlMappingNode root, Scenario scenario)
    {
        if (r.Get(root, "expect") is not YamlMappingNode expect || r.Get(expect, "devices") is not YamlSequenceNode entries)
        {
            return;
        }

        var scopes = scenario.Network.Scopes;
        var total = scopes.Sum(s => s.Devices);
        foreach (var entry in entries.Children.OfType<YamlMappingNode>())
        {
            if (r.Get(entry, "scope") is YamlScalarNode { Value: { } scope } scopeNode && !scopes.Any(s => s.Name == scope))
            {
                throw r.Error(scopeNode, $"expect.devices.scope: no scope '{scope}' in network.scopes (the scopes are: {string.Join(", ", scopes.Select(s => s.Name))})");
            }

            if (r.Get(entry, "index") is YamlScalarNode { Value: { } text } indexNode && int.TryParse(text, out var index) && index >= total)
            {
                throw r.Error(indexNode, $"expect.devices.index: {index} is past the last device (the run has {total} device(s), indexes 0 to {total - 1})");
            }

            if (r.Get(entry, "scope") is YamlScalarNode { Value: { } s2 } && r.Get(entry, "index") is YamlScalarNode { Value: { } t2 } indexNode2
                && int.TryParse(t2, out var i2) && !InScope(scopes, s2, i2))
            {
                throw r.Error(indexNode2, $"expect.devices: device {i2} is not on scope '{s2}'");
            }
        }
    }

    /// <summary>Device indexes run through the scopes in order (the first scope's devices are 0, 1, …).</summary>
    private static bool InScope(IReadOnlyList<ScopeSpec> scopes, string scope, int index)
    {
        var start = 0;
        foreach (var s in scopes)
        {
            if (s.Name == scope)
            {
                return index >= start && index < start + s.Devices;
            }

            start += s.Devices;
        }

        return false;
    }

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();
}
