using AmtSim.Firmware.Profiles;
using AmtSim.Scenarios.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AmtSim.Scenarios.Loading;

/// <summary>
/// Reads scenario files strictly: an unknown key, a missing required value or a bad value fails
/// with file:line:column and what was expected. One scenario per file.
/// </summary>
public static partial class ScenarioLoader
{
    private static readonly Dictionary<string, PfxChain> PfxNames = new() { ["full-chain"] = PfxChain.Full, ["leaf-only"] = PfxChain.LeafOnly };
    private static readonly Dictionary<string, CaPolicy> PolicyNames = new() { ["auto-issue"] = CaPolicy.AutoIssue, ["pending"] = CaPolicy.Pending };
    private static readonly Dictionary<string, CaTemplate> TemplateNames = new() { ["web-server-v1"] = CaTemplate.WebServerV1, ["web-server-v2"] = CaTemplate.WebServerV2, ["v3"] = CaTemplate.V3 };
    private static readonly Dictionary<string, TemplateApproval> ApproveNames = new() { ["auto"] = TemplateApproval.Auto, ["pending"] = TemplateApproval.Pending };
    private static readonly Dictionary<string, ServerKind> ServerKinds = new() { ["builtin"] = ServerKind.Builtin, ["external"] = ServerKind.External, ["meshcentral"] = ServerKind.MeshCentral, ["rps"] = ServerKind.Rps };
    private static readonly Dictionary<string, RpsActivation> Activations = new() { ["ccm"] = RpsActivation.Ccm, ["acm"] = RpsActivation.Acm };
    private static readonly string[] LogFormats = ["cmtrace", "sccm2007", "viewer"];
    private static readonly string[] States = ["pre", "in", "post"];
    private static readonly string[] Modes = ["none", "client", "admin"];

    public static Scenario LoadFile(string path, ScenarioLoadContext? context = null) => Parse(ReadCapped(path), path, context);

    /// <summary>
    /// Reads at most <see cref="YamlShapeGuard.MaxBytes"/> and refuses anything longer without reading
    /// on, so a device (/dev/zero), a pipe or a 5 GB file costs one buffer, whatever its reported length.
    /// </summary>
    private static string ReadCapped(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            var buffer = new byte[YamlShapeGuard.MaxBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
            }

            if (length > YamlShapeGuard.MaxBytes)
            {
                throw new ScenarioFormatException(path, 0, 0, $"the file is larger than {YamlShapeGuard.MaxBytes:N0} bytes (scenario files are small; is this the right file?)");
            }

            using var reader = new StreamReader(new MemoryStream(buffer, 0, length), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioFormatException(path, 0, 0, $"cannot read the file: {ex.Message}");
        }
    }

    public static Scenario Parse(string yaml, string file, ScenarioLoadContext? context = null)
    {
        if (yaml.Length > YamlShapeGuard.MaxBytes)
        {
            throw new ScenarioFormatException(file, 0, 0, $"the scenario is larger than {YamlShapeGuard.MaxBytes:N0} characters (scenario files are small)");
        }

        YamlShapeGuard.Check(yaml, file);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new ScenarioFormatException(file, ex.Start.Line, ex.Start.Column, $"not valid YAML: {ex.InnerException?.Message ?? ex.Message}");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // A YamlDotNet failure that is not a YamlException and carries no position; the shape guard
            // refuses every case fuzzing found, this keeps any other one an input error (issue 17).
            throw new ScenarioFormatException(file, 1, 1, $"not valid YAML (the YAML reader failed: {ex.Message})");
        }

        if (stream.Documents.Count != 1)
        {
            throw new ScenarioFormatException(file, 1, 1, stream.Documents.Count == 0 ? "the file is empty (expected one scenario)" : "one scenario per file (found several YAML documents)");
        }

        var r = new YamlReader(file);
        var root = r.Mapping(stream.Documents[0].RootNode, "scenario",
            "name", "description", "seed", "now", "run-for", "pki", "ca", "network", "devices", "server", "faults", "expect");
        var name = r.String(root, "name", "scenario") ?? throw r.Error(root, "scenario needs 'name'");

        var scenario = new Scenario
        {
            Name = name,
            File = file,
            Description = r.String(root, "description", "scenario") ?? "",
            Seed = r.Long(root, "seed", "scenario") ?? 1,
            Now = r.Time(root, "now", "scenario") ?? Scenario.DefaultNow,
            RunFor = Positive(r, root, "run-for", "scenario") ?? TimeSpan.FromHours(1),
            Pki = r.Get(root, "pki") is { } pki ? ReadPki(r, pki) : new PkiSpec(),
            Ca = r.Get(root, "ca") is { } ca ? ReadCa(r, ca) : new CaSpec(),
            Network = r.Get(root, "network") is { } net ? ReadNetwork(r, net) : new NetworkSpec(),
            Devices = r.Get(root, "devices") is { } dev ? ReadDevices(r, dev) : new DeviceSpec(),
            Server = r.Get(root, "server") is { } srv ? ReadServer(r, srv) : new ServerSpec(),
            Expect = r.Get(root, "expect") is { } exp ? ReadExpect(r, exp) : new Expectations(),
            Faults = r.Get(root, "faults") is { } faults ? [.. r.Sequence(faults, "faults").Select(f => ReadFault(r, f))] : [],
            SourceText = yaml,
        };
        CheckConsistency(r, root, scenario, context ?? ScenarioLoadContext.Unchecked);
        return scenario;
    }

    /// <summary>One fault (docs/faults.md): step, kind, side (the step's default), devices (indexes) or count, times.</summary>
    private static FaultSpec ReadFault(YamlReader r, YamlNode node)
    {
        var m = r.Mapping(node, "faults entry", "step", "fault", "side", "devices", "count", "times");
        var step = r.String(m, "step", "faults") ?? throw r.Error(m, "a faults entry needs 'step'");
        if (!World.Faults.FaultPoints.Steps.Contains(step))
        {
            throw r.Error(r.Get(m, "step")!, $"faults.step: '{step}' is not one of: {string.Join(", ", World.Faults.FaultPoints.Steps)}");
        }

        var kind = r.Enum(m, "fault", "faults", World.Faults.FaultPoints.KindNames) ?? throw r.Error(m, "a faults entry needs 'fault'");
        var side = r.Enum(m, "side", "faults", World.Faults.FaultPoints.SideNames) ?? World.Faults.FaultPoints.DefaultSide(step);
        if (!World.Faults.FaultPoints.Applies(step, kind, side))
        {
            var allowed = World.Faults.FaultPoints.At(step).Select(a => $"{World.Faults.FaultPoints.NameOf(a.Kind)} ({World.Faults.FaultPoints.NameOf(a.Side)})");
            throw r.Error(m, $"faults: {World.Faults.FaultPoints.NameOf(kind)} on the {World.Faults.FaultPoints.NameOf(side)} does not apply at {step}; there: {string.Join(", ", allowed)}");
        }

        var indexes = r.Get(m, "devices") is { } d
            ? r.Sequence(d, "faults.devices").Select(x => int.TryParse(r.Scalar(x, "faults.devices"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) && i < 100_000
                ? i
                : throw r.Error(x, "faults.devices: fleet indexes (whole numbers from 0)")).ToList()
            : [];
        if (indexes.Count > 0 && r.Get(m, "count") is not null)
        {
            throw r.Error(m, "faults: 'devices' (indexes) or 'count' (picked from the seed), not both");
        }

        return new FaultSpec
        {
            Step = step,
            Kind = kind,
            Side = side,
            Indexes = indexes,
            Count = r.Int(m, "count", "faults", 1, 100_000) ?? 1,
            Times = r.Int(m, "times", "faults", 0, 1000) ?? 0,
        };
    }

    private static TimeSpan? Positive(YamlReader r, YamlMappingNode map, string key, string what)
    {
        var d = r.Duration(map, key, what);
        if (d is { } v && v <= TimeSpan.Zero)
        {
            throw r.Error(r.Get(map, key)!, $"{what}.{key} must be longer than zero");
        }

        return d;
    }

    private static PkiSpec ReadPki(YamlReader r, YamlNode node)
    {
        var m = r.Mapping(node, "pki", "provisioning-certificate", "pfx", "renewed-certificate", "renew-after", "key", "chain", "password", "password-env", "trusted-roots");
        var spec = new PkiSpec
        {
            ProvisioningCertificate = r.String(m, "provisioning-certificate", "pki") ?? PkiSpec.DefaultCertificate,
            Pfx = r.Enum(m, "pfx", "pki", PfxNames) ?? PfxChain.Full,
            RenewedCertificate = r.String(m, "renewed-certificate", "pki"),
            RenewAfter = Positive(r, m, "renew-after", "pki"),
        };
        if ((spec.RenewedCertificate is null) != (spec.RenewAfter is null))
        {
            throw r.Error(m, "pki: 'renewed-certificate' and 'renew-after' go together");
        }

        return ReadUserCertificates(r, m, spec);
    }

    private static CaSpec ReadCa(YamlReader r, YamlNode node)
    {
        var m = r.Mapping(node, "ca", "policy", "template", "templates", "approve-after");
        var templates = r.Get(m, "templates") is { } t ? ReadTemplates(r, t) : [];
        var named = r.String(m, "template", "ca");
        string? templateName = null;
        var template = CaTemplate.WebServerV2;
        if (named is not null && TemplateNames.TryGetValue(named, out var builtin))
        {
            template = builtin;
        }
        else if (named is not null)
        {
            templateName = templates.FirstOrDefault(x => x.Name == named)?.Name
                ?? throw r.Error(r.Get(m, "template")!, $"ca.template: '{named}' is neither a built-in template ({string.Join(", ", TemplateNames.Keys)}) nor one of ca.templates{(templates.Count == 0 ? "" : $" ({string.Join(", ", templates.Select(x => x.Name))})")}");
        }
        else if (templates.Count > 0)
        {
            templateName = templates[0].Name;
        }

        return new CaSpec
        {
            Policy = r.Enum(m, "policy", "ca", PolicyNames) ?? CaPolicy.AutoIssue,
            Template = template,
            Templates = templates,
            TemplateName = templateName,
            ApproveAfter = Positive(r, m, "approve-after", "ca"),
        };
    }

    /// <summary><c>ca.templates</c>: name, version (1 to 3) and approval of each template the CA offers (seed 004).</summary>
    private static List<CaTemplateSpec> ReadTemplates(YamlReader r, YamlNode node)
    {
        var result = new List<CaTemplateSpec>();
        foreach (var item in r.Sequence(node, "ca.templates"))
        {
            var m = r.Mapping(item, "ca.templates entry", "name", "version", "approve");
            var name = r.String(m, "name", "ca.templates") ?? throw r.Error(m, "ca.templates entry needs 'name' (the template's name, e.g. ConfigMgrAMTWebServer)");
            if (name.Length == 0 || name.Any(char.IsControl))
            {
                throw r.Error(r.Get(m, "name")!, "ca.templates.name must be a template name (e.g. ConfigMgrAMTWebServer)");
            }

            if (result.Any(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw r.Error(r.Get(m, "name")!, $"ca.templates: template '{name}' is listed twice");
            }

            var version = r.Int(m, "version", "ca.templates", 1, 3) ?? throw r.Error(m, "ca.templates entry needs 'version' (1: Windows 2000, 2: Windows Server 2003 Enterprise, 3: Windows Server 2008)");
            var approve = r.Enum(m, "approve", "ca.templates", ApproveNames) ?? TemplateApproval.Auto;
            if (approve == TemplateApproval.Pending && version == 1)
            {
                throw r.Error(r.Get(m, "approve")!, $"ca.templates: '{name}' is a version 1 template, whose settings cannot change beyond its permissions (Microsoft's Configuration Manager 2007 SP1 documentation); to require CA manager approval, duplicate it as version 2");
            }

            result.Add(new CaTemplateSpec(name, version, approve));
        }

        return result;
    }

    private static NetworkSpec ReadNetwork(YamlReader r, YamlNode node)
    {
        var m = r.Mapping(node, "network", "scopes", "zones");
        var scopes = r.Get(m, "scopes") is { } s
            ? r.Sequence(s, "network.scopes").Select(x => ReadScope(r, x)).ToList()
            : new NetworkSpec().Scopes.ToList();
        if (scopes.Count == 0)
        {
            throw r.Error(m, "network.scopes needs at least one scope");
        }

        var duplicate = scopes.GroupBy(x => x.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw r.Error(m, $"network.scopes: scope name '{duplicate.Key}' is used twice");
        }

        var zones = r.Get(m, "zones") is { } z ? r.Sequence(z, "network.zones").Select(x => ReadZone(r, x)).ToList() : [];
        return new NetworkSpec { Scopes = scopes, Zones = zones };
    }

    private static ScopeSpec ReadScope(YamlReader r, YamlNode node)
    {
        var m = r.Mapping(node, "scope", "name", "option15", "pki-dns-suffix", "option81", "devices", "firmware");
        return new ScopeSpec
        {
            Name = r.String(m, "name", "scope") ?? throw r.Error(m, "scope needs 'name'"),
            Option15 = DnsName(r, m, "option15", "scope"),
            PkiDnsSuffix = DnsName(r, m, "pki-dns-suffix", "scope"),
            Option81 = r.Bool(m, "option81", "scope") ?? true,
            Devices = r.Int(m, "devices", "scope", 0, 100_000) ?? 1,
            Firmware = r.Get(m, "firmware") is { } f ? ReadFirmwareMix(r, f) : new Dictionary<string, int>(),
        };
    }

    private static Dictionary<string, int> ReadFirmwareMix(YamlReader r, YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            throw r.Error(node, "scope.firmware must be a mapping of firmware version to weight, e.g. { \"11.8\": 3, \"16.1\": 1 }");
        }

        var mix = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
        {
            var version = r.Scalar(k, "scope.firmware");
            if (!FirmwareVersion.TryParse(version, out _))
            {
                throw r.Error(k, $"scope.firmware: '{version}' is not a firmware version (e.g. 11.8, 16.1)");
            }

            var weight = r.Scalar(v, "scope.firmware");
            if (!int.TryParse(weight, out var w) || w < 1)
            {
                throw r.Error(v, $"scope.firmware: weight '{weight}' must be a whole number of at least 1");
            }

            mix[version] = w;
        }

        return mix;
    }

    private static ZoneSpec ReadZone(YamlReader r, YamlNode node)
    {
        var m = r.Mapping(node, "zone", "name", "provision-server", "stale-ptr");
        return new ZoneSpec
        {
            Name = DnsName(r, m, "name", "zone") ?? throw r.Error(m, "zone needs 'name'"),
            ProvisionServer = r.Bool(m, "provision-server", "zone") ?? true,
            StalePtr = r.Bool(m, "stale-ptr", "zone") ?? false,
        };
    }

    private static string? DnsName(YamlReader r, YamlMappingNode m, string key, string what)
    {
        var value = r.String(m, key, what);
        if (value is null)
        {
            return null;
        }

        if (value.Length > 253 || !value.Split('.').All(l => l.Length is > 0 and <= 63 && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            throw r.Error(r.Get(m, key)!, $"{what}.{key}: '{value}' is not a DNS name");
        }

        return value;
    }

    private static DeviceSpec ReadDevices(YamlReader r, YamlNode node)
    {
        var m = r.Mapping(node, "devices", "firmware", "clock-offset", "check-validity-dates", "trust-stand-ins", "hello-window", "wireless");
        var firmware = r.String(m, "firmware", "devices") ?? "11.8";
        if (!FirmwareVersion.TryParse(firmware, out _))
        {
            throw r.Error(r.Get(m, "firmware")!, $"devices.firmware: '{firmware}' is not a firmware version (e.g. 11.8, 16.1)");
        }

        var window = r.Duration(m, "hello-window", "devices");
        if (window is { } w && (w < TimeSpan.FromHours(1) || w > TimeSpan.FromHours(255)))
        {
            throw r.Error(r.Get(m, "hello-window")!, "devices.hello-window must be from 1h to 255h");
        }

        return new DeviceSpec
        {
            Firmware = firmware,
            ClockOffset = r.Duration(m, "clock-offset", "devices") ?? TimeSpan.Zero,
            CheckValidityDates = r.Bool(m, "check-validity-dates", "devices") ?? true,
            TrustStandIns = r.Strings(m, "trust-stand-ins", "devices"),
            HelloWindow = window ?? TimeSpan.FromHours(24),
            Wireless = r.Bool(m, "wireless", "devices") ?? false,
        };
    }

    private static ServerSpec ReadServer(YamlReader r, YamlNode node)
    {
        var m = r.Mapping(node, "server", "kind", "fqdn", "command", "log-format", "hello-port", "url", "api", "activation", "amt-password", "mebx-password", "domain-suffix", "dns-suffix");
        var kind = r.Enum(m, "kind", "server", ServerKinds) ?? ServerKind.Builtin;
        var command = r.Strings(m, "command", "server");
        if (kind == ServerKind.External && command.Count == 0)
        {
            throw r.Error(m, "server: kind 'external' needs 'command' (a list: program, then arguments)");
        }

        var format = r.String(m, "log-format", "server") ?? "sccm2007";
        if (!LogFormats.Contains(format, StringComparer.Ordinal))
        {
            throw r.Error(r.Get(m, "log-format")!, $"server.log-format: '{format}' is not one of: {string.Join(", ", LogFormats)}");
        }

        return new ServerSpec
        {
            Kind = kind,
            Fqdn = DnsName(r, m, "fqdn", "server") ?? "oobsp.contoso.com",
            Command = command,
            LogFormat = format,
            HelloPort = r.Int(m, "hello-port", "server", 1, 65535) ?? 9971,
            Rps = new RpsSpec
            {
                Url = Url(r, m, "url", "ws", "wss"),
                Api = Url(r, m, "api", "http", "https"),
                Activation = r.Enum(m, "activation", "server", Activations) ?? RpsActivation.Ccm,
                AmtPassword = r.String(m, "amt-password", "server") ?? RpsSpec.DefaultAmtPassword,
                MebxPassword = r.String(m, "mebx-password", "server") ?? RpsSpec.DefaultMebxPassword,
                DomainSuffix = DnsName(r, m, "domain-suffix", "server"),
                DnsSuffix = DnsName(r, m, "dns-suffix", "server"),
            },
        };
    }

    private static string? Url(YamlReader r, YamlMappingNode m, string key, params string[] schemes)
    {
        var value = r.String(m, key, "server");
        if (value is not null && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && schemes.Contains(uri.Scheme, StringComparer.Ordinal)))
        {
            throw r.Error(r.Get(m, key)!, $"server.{key}: '{value}' is not a {string.Join(" or ", schemes.Select(x => x + "://"))} URL");
        }

        return value;
    }

    private static Expectations ReadExpect(YamlReader r, YamlNode node)
    {
        var m = r.Mapping(node, "expect", "devices", "counts", "log", "log-absent", "status-messages", "tls-alerts", "rps");
        return new Expectations
        {
            Rps = r.Get(m, "rps") is { } rps ? ReadRps(r, rps) : null,
            Devices = r.Get(m, "devices") is { } d ? [.. r.Sequence(d, "expect.devices").Select(x => ReadDeviceExpectation(r, x))] : [],
            Counts = r.Get(m, "counts") is { } c ? ReadCounts(r, c) : new Dictionary<string, int>(),
            Log = r.Get(m, "log") is { } l ? [.. r.Sequence(l, "expect.log").Select(x => ReadLogLine(r, x))] : [],
            LogAbsent = r.Get(m, "log-absent") is { } la ? [.. r.Sequence(la, "expect.log-absent").Select(x => ReadLogLine(r, x))] : [],
            StatusMessages = r.Get(m, "status-messages") is { } s ? [.. r.Sequence(s, "expect.status-messages").Select(x => ReadStatus(r, x))] : [],
            TlsAlerts = r.Get(m, "tls-alerts") is { } t ? ReadAlerts(r, t) : new Dictionary<int, int>(),
        };
    }

    private static RpsExpectation ReadRps(YamlReader r, YamlNode node)
    {
        var m = r.Mapping(node, "expect.rps", "success", "error", "messages", "api-error");
        return new RpsExpectation
        {
            Success = r.Int(m, "success", "expect.rps", 0),
            Error = r.Int(m, "error", "expect.rps", 0),
            Messages = r.Get(m, "messages") is { } l ? [.. r.Sequence(l, "expect.rps.messages").Select(x => ReadLogLine(r, x))] : [],
            ApiError = r.Get(m, "api-error") is { } e ? ReadLogLine(r, e) : null,
        };
    }

    private static DeviceExpectation ReadDeviceExpectation(YamlReader r, YamlNode node)
    {
        var m = r.Mapping(node, "expect.devices entry", "scope", "index", "state", "mode", "reason", "cira");
        return new DeviceExpectation
        {
            Scope = r.String(m, "scope", "expect.devices"),
            Index = r.Int(m, "index", "expect.devices", 0),
            State = OneOf(r, m, "state", States),
            Mode = OneOf(r, m, "mode", Modes),
            Reason = OneOf(r, m, "reason", [.. DeviceReasons.All]),
            Cira = OneOf(r, m, "cira", Enum.GetNames<AmtSim.Firmware.Cira.CiraStatus>()),
        };
    }

    private static string? OneOf(YamlReader r, YamlMappingNode m, string key, string[] allowed)
    {
        var value = r.String(m, key, "expect.devices");
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
        {
            throw r.Error(r.Get(m, key)!, $"expect.devices.{key}: '{value}' is not one of: {string.Join(", ", allowed)}");
        }

        return value;
    }

    private static Dictionary<string, int> ReadCounts(YamlReader r, YamlNode node)
    {
        var allowed = States.Concat(DeviceReasons.All).ToArray();
        var m = r.Mapping(node, "expect.counts", allowed);
        return m.Children.ToDictionary(
            kv => ((YamlScalarNode)kv.Key).Value!,
            kv => r.Int(m, ((YamlScalarNode)kv.Key).Value!, "expect.counts", 0)!.Value,
            StringComparer.Ordinal);
    }

    private static LogLineExpectation ReadLogLine(YamlReader r, YamlNode node)
    {
        if (node is YamlScalarNode)
        {
            return new LogLineExpectation(r.Scalar(node, "expect.log"), IsRegex: false);
        }

        var m = r.Mapping(node, "expect.log entry", "regex");
        var pattern = r.String(m, "regex", "expect.log") ?? throw r.Error(m, "expect.log entry needs 'regex'");
        try
        {
            _ = new System.Text.RegularExpressions.Regex(pattern);
        }
        catch (ArgumentException ex)
        {
            throw r.Error(r.Get(m, "regex")!, $"expect.log.regex is not a valid regular expression: {ex.Message}");
        }

        return new LogLineExpectation(pattern, IsRegex: true);
    }

    private static StatusMessageExpectation ReadStatus(YamlReader r, YamlNode node)
    {
        var m = r.Mapping(node, "expect.status-messages entry", "id", "min", "max");
        var id = r.Int(m, "id", "expect.status-messages", 1) ?? throw r.Error(m, "expect.status-messages entry needs 'id'");
        var min = r.Int(m, "min", "expect.status-messages", 0) ?? 1;
        var max = r.Int(m, "max", "expect.status-messages", 0);
        if (max < min)
        {
            throw r.Error(m, "expect.status-messages: 'max' is below 'min'");
        }

        return new StatusMessageExpectation(id, min, max);
    }

    private static Dictionary<int, int> ReadAlerts(YamlReader r, YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            throw r.Error(node, "expect.tls-alerts must be a mapping of alert number to count, e.g. { 46: 1 }");
        }

        var result = new Dictionary<int, int>();
        foreach (var (k, v) in map.Children)
        {
            var key = r.Scalar(k, "expect.tls-alerts");
            if (!int.TryParse(key, out var alert) || alert is < 0 or > 255)
            {
                throw r.Error(k, $"expect.tls-alerts: '{key}' is not a TLS alert number (0-255, e.g. 46 certificate_unknown)");
            }

            var count = r.Scalar(v, "expect.tls-alerts");
            if (!int.TryParse(count, out var n) || n < 0)
            {
                throw r.Error(v, $"expect.tls-alerts: '{count}' is not a count");
            }

            result[alert] = n;
        }

        return result;
    }
}
