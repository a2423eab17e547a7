using System.Globalization;
using System.Text;
using AmtSim.Scenarios.Diagnosis.Reading;
using AmtSim.Scenarios.Diagnosis.Signatures;
using AmtSim.Scenarios.Model;
using YamlDotNet.RepresentationModel;

namespace AmtSim.Scenarios.Diagnosis.Emission;

/// <summary>
/// Writes the scenario that reproduces a diagnosed failure: the signature's template, filled with
/// the log's facts (device FQDNs and their suffix → DHCP option 15 and the service point's FQDN;
/// days left → the expiring fixture and a shifted "now"; retry counts → expected log lines;
/// thumbprints, machine ids and error codes → the description). The result is a scenario file
/// that <see cref="Loading.ScenarioLoader.Parse"/> accepts.
/// </summary>
public static class ScenarioEmitter
{
    /// <summary>The fixture PKI issues every provisioning certificate for this domain (fixtures/pki, CN oobsp.contoso.com).</summary>
    public const string FixtureDomain = "contoso.com";

    private const string ExpiringFixture = "prov-expiring-4-days";

    /// <summary>The built-in service point's default RETRY count (OobServicePointOptions.CertificateRetries, AMTSIM_SCCM_CERT_RETRIES).</summary>
    private const int SimulatorCertificateRetries = 5;
    private const int ExpiringFixtureDays = 4;

    private static readonly string[] KeyOrder = ["name", "description", "seed", "now", "run-for", "pki", "ca", "network", "devices", "server", "expect"];

    /// <summary>The scenario for the report's verdict.</summary>
    /// <exception cref="InvalidOperationException">The report has no verdict.</exception>
    public static string Emit(DiagnosisReport report)
        => Emit(report, report.Verdict ?? throw new InvalidOperationException("no known failure: nothing to reproduce"));

    public static string Emit(DiagnosisReport report, Candidate candidate)
    {
        var signature = candidate.Signature;
        var facts = candidate.Facts;
        var template = (YamlMappingNode)Clone(signature.Scenario.Template);
        var root = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (k, v) in template.Children)
        {
            root[((YamlScalarNode)k).Value!] = v;
        }

        root["name"] = Scalar(NameFor(report.Log.Name, signature));
        root["seed"] = Scalar("1");

        var fqdns = facts.GetValueOrDefault("device-fqdn") ?? [];
        var suffix = fqdns.Select(SuffixOf).FirstOrDefault(s => s is not null);
        if (suffix is not null)
        {
            ApplySuffix(root, signature, suffix, FirstFact(facts, "service-point-fqdn"));
        }

        ApplyDays(root, signature, facts);
        ApplyRetries(root, facts);
        ApplyLogFormat(root, report.Log.DominantFormat);
        root["description"] = Scalar(Describe(report, candidate, suffix));

        var mapping = new YamlMappingNode();
        foreach (var key in KeyOrder.Where(root.ContainsKey))
        {
            mapping.Add(key, root[key]);
        }

        var sb = new StringBuilder();
        sb.Append("# Emitted by `amtsim diagnose` from ").Append(Path.GetFileName(report.Log.Name))
          .Append(" (signature ").Append(signature.Id).Append(", family ").Append(signature.Family.Name()).Append(").\n");
        sb.Append("# The shipped scenario for this failure: scenarios/").Append(signature.Scenario.File)
          .Append(signature.Scenario.Shipped ? "" : " (not shipped yet)").Append(".\n");
        if (signature.Scenario.Note is { Length: > 0 } note)
        {
            sb.Append("# Approximated: ").Append(note.ReplaceLineEndings(" ")).Append('\n');
        }
        using var writer = new StringWriter(sb, CultureInfo.InvariantCulture) { NewLine = "\n" };
        new YamlStream(new YamlDocument(mapping)).Save(writer, assignAnchors: false);
        var text = sb.ToString();

        // YamlStream ends the document with "...": one scenario per file needs no end marker.
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    /// <summary>Longest name an emitted scenario gets.</summary>
    public const int MaxNameLength = 80;

    /// <summary>
    /// The emitted scenario's name: "repro-", the log file's name without its extensions, and the
    /// signature id, as lower-case words joined by '-'. It never equals a shipped scenario's name (none
    /// starts with "repro-"), so an emitted file can be dropped into scenarios/ beside them.
    /// </summary>
    public static string NameFor(string logName, FailureSignature signature)
    {
        var stem = Path.GetFileName(logName.TrimEnd('/', '\\'));
        var dot = stem.IndexOf('.', StringComparison.Ordinal);
        stem = dot > 0 ? stem[..dot] : stem;
        var slug = Slug(stem);
        var name = slug.Length == 0 ? $"repro-{signature.Id}" : $"repro-{slug}-{signature.Id}";
        return name.Length <= MaxNameLength ? name : name[..MaxNameLength].TrimEnd('-');
    }

    private static string Slug(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }

        return sb.ToString().Trim('-');
    }

    /// <summary>The DNS suffix of an FQDN (everything after the first label), if it is a DNS name with one.</summary>
    public static string? SuffixOf(string fqdn)
    {
        var name = fqdn.Trim().TrimEnd('.').ToLowerInvariant();
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == name.Length - 1)
        {
            return null;
        }

        var suffix = name[(dot + 1)..];
        return suffix.Contains('.', StringComparison.Ordinal) && IsDnsName(suffix) ? suffix : null;
    }

    private static bool IsDnsName(string value)
        => value.Length <= 253 && value.Split('.').All(l => l.Length is > 0 and <= 63 && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));

    private static void ApplySuffix(Dictionary<string, YamlNode> root, FailureSignature signature, string suffix, string? servicePoint)
    {
        // The fixture certificates are issued for contoso.com: unless the failure is about the suffix
        // itself, the devices keep trusting that domain through the MEBx PKI DNS suffix, so the emitted
        // scenario fails for the diagnosed reason and not for a suffix mismatch it adds.
        var keepTrust = signature.Family is not (FailureFamily.DnsSuffixNamespace or FailureFamily.NetworkDhcp) && suffix != FixtureDomain;
        if (root.GetValueOrDefault("network") is YamlMappingNode network && network.Children.TryGetValue(Scalar("scopes"), out var scopes) && scopes is YamlSequenceNode list)
        {
            foreach (var scope in list.Children.OfType<YamlMappingNode>().Where(s => s.Children.ContainsKey(Scalar("option15"))))
            {
                scope.Children[Scalar("option15")] = Scalar(suffix);
                if (keepTrust)
                {
                    scope.Children[Scalar("pki-dns-suffix")] = Scalar(FixtureDomain);
                }
            }
        }
        else
        {
            var scope = new YamlMappingNode { { "name", "default" }, { "option15", suffix } };
            if (keepTrust)
            {
                scope.Add("pki-dns-suffix", FixtureDomain);
            }

            root["network"] = new YamlMappingNode { { "scopes", new YamlSequenceNode(scope) } };
        }

        var server = root.GetValueOrDefault("server") as YamlMappingNode ?? new YamlMappingNode();
        if (servicePoint is not null && IsDnsName(servicePoint.ToLowerInvariant()))
        {
            server.Children[Scalar("fqdn")] = Scalar(servicePoint.ToLowerInvariant());
        }
        else if (!server.Children.ContainsKey(Scalar("fqdn")))
        {
            server.Children[Scalar("fqdn")] = Scalar("oobsp." + suffix);
        }

        root["server"] = server;
    }

    private static void ApplyDays(Dictionary<string, YamlNode> root, FailureSignature signature, IReadOnlyDictionary<string, IReadOnlyList<string>> facts)
    {
        if (FirstFact(facts, "days-left") is not { } text
            || !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var days) || days is < 0 or > 3650)
        {
            return;
        }

        // The expiring fixture has exactly four days left at the fixture's reference time: move "now" so it has the log's count.
        var pki = root.GetValueOrDefault("pki") as YamlMappingNode ?? new YamlMappingNode();
        pki.Children[Scalar("provisioning-certificate")] = Scalar(ExpiringFixture);
        root["pki"] = pki;
        var now = Scenario.DefaultNow.AddDays(ExpiringFixtureDays - days);
        root["now"] = Scalar(now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

        // Expired: run past the expiry so the service point unloads the certificate; expiring: one daily check.
        var expired = signature.Id.Contains("expired", StringComparison.Ordinal);
        root["run-for"] = Scalar(expired ? $"{days + 1}d" : "1d");
    }

    private static void ApplyRetries(Dictionary<string, YamlNode> root, IReadOnlyDictionary<string, IReadOnlyList<string>> facts)
    {
        if (FirstFact(facts, "retries") is not { } text
            || !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var retries) || retries < 2
            || retries > SimulatorCertificateRetries)
        {
            return;
        }

        if (root.GetValueOrDefault("expect") is not YamlMappingNode expect || !expect.Children.TryGetValue(Scalar("log"), out var log) || log is not YamlSequenceNode lines)
        {
            return;
        }

        // The log's highest retry replaces the template's last RETRY line (the template expects the seed's five). A site
        // that retried more often than the simulator's default (AMTSIM_SCCM_CERT_RETRIES) keeps the default's lines: the
        // scenario file cannot set the knob, and the description still says how many the log showed.
        var line = new YamlMappingNode { { "regex", $@"^RETRY\({retries}\) - Validate client certificate for AMT device .+ being generated\.$" } };
        var retryLines = lines.Children.Select((n, i) => (n, i)).Where(x => x.n.ToString().Contains("RETRY", StringComparison.Ordinal)).ToList();
        if (retryLines.Count >= 2)
        {
            lines.Children[retryLines[^1].i] = line;
        }
        else
        {
            var at = retryLines.Count == 0 ? lines.Children.Count : retryLines[0].i + 1;
            lines.Children.Insert(Math.Min(at, lines.Children.Count), line);
        }
    }

    private static void ApplyLogFormat(Dictionary<string, YamlNode> root, LogRecordFormat format)
    {
        var name = format switch
        {
            LogRecordFormat.CmTrace => "cmtrace",
            LogRecordFormat.Sccm2007 => "sccm2007",
            LogRecordFormat.ViewerColumns => "viewer",
            _ => null,
        };
        if (name is null || !root.ContainsKey("server") && !root.ContainsKey("network") && format == LogRecordFormat.PlainText)
        {
            return;
        }

        var server = root.GetValueOrDefault("server") as YamlMappingNode ?? new YamlMappingNode();
        if (!server.Children.ContainsKey(Scalar("kind")) || server.Children[Scalar("kind")].ToString() == "builtin")
        {
            server.Children[Scalar("log-format")] = Scalar(name);
            root["server"] = server;
        }
    }

    private static string Describe(DiagnosisReport report, Candidate candidate, string? suffix)
    {
        var s = candidate.Signature;
        var sb = new StringBuilder();
        sb.Append("Reproduces: ").Append(s.Title).Append(" (").Append(s.Id).Append(", family ").Append(s.Family.Name()).Append("), diagnosed from ")
          .Append(Path.GetFileName(report.Log.Name)).Append('.');
        if (s.Scenario.Note is { Length: > 0 } note)
        {
            sb.Append(" Approximated: ").Append(note.ReplaceLineEndings(" ").TrimEnd('.')).Append('.');
        }
        foreach (var (name, values) in candidate.Facts.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            sb.Append(' ').Append(name).Append(": ").Append(string.Join(", ", values)).Append('.');
        }

        if (suffix is not null && suffix != FixtureDomain && s.Family is not (FailureFamily.DnsSuffixNamespace or FailureFamily.NetworkDhcp))
        {
            sb.Append(" Devices get the log's suffix ").Append(suffix).Append(" from DHCP and trust ").Append(FixtureDomain)
              .Append(" through the MEBx PKI DNS suffix, the fixture certificates' domain.");
        }

        return sb.ToString();
    }

    private static YamlScalarNode Scalar(string value) => new(value);

    private static string? FirstFact(IReadOnlyDictionary<string, IReadOnlyList<string>> facts, string name)
        => facts.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    private static YamlNode Clone(YamlNode node) => node switch
    {
        YamlMappingNode m => new YamlMappingNode(m.Children.Select(kv => new KeyValuePair<YamlNode, YamlNode>(Clone(kv.Key), Clone(kv.Value)))),
        YamlSequenceNode s => new YamlSequenceNode(s.Children.Select(Clone)),
        YamlScalarNode x => new YamlScalarNode(x.Value) { Style = x.Style },
        _ => throw new InvalidOperationException($"unexpected YAML node {node.NodeType}"),
    };
}
