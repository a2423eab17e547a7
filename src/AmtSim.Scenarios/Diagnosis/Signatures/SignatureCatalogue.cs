using System.Text.RegularExpressions;
using AmtSim.Provisioning.Sccm.Log;
using AmtSim.Scenarios.Loading;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AmtSim.Scenarios.Diagnosis.Signatures;

/// <summary>
/// The failure signatures, as data: <c>Diagnosis/Signatures/signatures.yaml</c>, embedded in the
/// assembly. Loaded strictly (unknown keys, unknown message ids, bad regexes, dangling ordering
/// references and fact groups no pattern captures are errors with file:line:column).
/// </summary>
public sealed class SignatureCatalogue
{
    public const string ResourceName = "AmtSim.Scenarios.Diagnosis.Signatures.signatures.yaml";

    private const RegexOptions PatternOptions = RegexOptions.CultureInvariant | RegexOptions.IgnoreCase;
    private static readonly Lazy<SignatureCatalogue> BuiltIn = new(LoadBuiltIn);
    private static readonly Dictionary<string, EvidenceRole> Roles = new()
    {
        ["required"] = EvidenceRole.Required, ["supporting"] = EvidenceRole.Supporting, ["sufficient"] = EvidenceRole.Sufficient,
    };
    private static readonly Dictionary<string, FactAggregate> Aggregates = new()
    {
        ["first"] = FactAggregate.First, ["last"] = FactAggregate.Last, ["max"] = FactAggregate.Max, ["min"] = FactAggregate.Min, ["all"] = FactAggregate.All,
    };

    private SignatureCatalogue(IReadOnlyList<FailureSignature> signatures) => Signatures = signatures;

    public IReadOnlyList<FailureSignature> Signatures { get; }

    /// <summary>The catalogue shipped in the assembly.</summary>
    public static SignatureCatalogue Default => BuiltIn.Value;

    public FailureSignature? Find(string id) => Signatures.FirstOrDefault(s => s.Id == id);

    /// <summary>
    /// The search form of a catalogue message: unanchored, any run of white space for a space (wrapped
    /// lines), a last hole that takes the rest of the message, and leading asterisks optional (people
    /// paste "Error 0x… returned by ApplyControlToken" without them). With <paramref name="anyCode"/>,
    /// the hexadecimal codes written in the message are holes too: SCCM prints a different value after
    /// "Error" on every site (seed 001: 0x382b948; Intel's field notes: 0x6fcb970, 0x261b948).
    /// </summary>
    public static Regex SearchPattern(AmtOpMgrMessage message, bool anyCode = false)
    {
        var text = message.Pattern.ToString();
        text = text[1..^1];
        if (anyCode)
        {
            text = Regex.Replace(text, @"0x[0-9A-Fa-f]+", @"0x[0-9A-Fa-f]+");
        }

        var stars = Regex.Match(text, @"^(?:\\\*)+(?:\\ )?");
        if (stars.Success && stars.Length > 0)
        {
            text = "(?:" + stars.Value + ")?" + text[stars.Length..];
        }

        if (text.EndsWith(".+?)", StringComparison.Ordinal))
        {
            text = text[..^4] + ".+)";
        }

        // The message ends where the record ends or white space follows (framing, or the next message on a joined line).
        return new Regex(text.Replace(@"\ ", @"\s+", StringComparison.Ordinal) + @"(?=\s|$)", PatternOptions);
    }

    /// <exception cref="ScenarioFormatException">The catalogue is not valid.</exception>
    public static SignatureCatalogue Parse(string yaml, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new ScenarioFormatException(file, ex.Start.Line, ex.Start.Column, $"not valid YAML: {ex.InnerException?.Message ?? ex.Message}");
        }

        if (stream.Documents.Count != 1)
        {
            throw new ScenarioFormatException(file, 1, 1, "expected one YAML document with 'signatures'");
        }

        var r = new YamlReader(file);
        var root = r.Mapping(stream.Documents[0].RootNode, "catalogue", "signatures");
        var list = r.Sequence(r.Require(root, "signatures", "catalogue"), "signatures");
        var signatures = list.Select(n => ReadSignature(r, n)).ToList();
        if (signatures.Count == 0)
        {
            throw r.Error(root, "the catalogue has no signatures");
        }

        var duplicate = signatures.GroupBy(s => s.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw r.Error(root, $"signature id '{duplicate.Key}' is used twice");
        }

        return new SignatureCatalogue(signatures);
    }

    private static SignatureCatalogue LoadBuiltIn()
    {
        using var stream = typeof(SignatureCatalogue).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "signatures.yaml");
    }

    private static FailureSignature ReadSignature(YamlReader r, YamlNode node)
    {
        var m = r.Mapping(node, "signature", "id", "family", "title", "product", "source", "rank", "evidence", "facts", "cause", "fix", "why", "scenario");
        var id = Text(r, m, "id", "signature");
        if (!Regex.IsMatch(id, "^[a-z0-9]+(-[a-z0-9]+)*$"))
        {
            throw r.Error(r.Get(m, "id")!, $"signature id '{id}' must be lower-case words joined by '-'");
        }

        var what = $"signature {id}";
        var evidence = r.Sequence(r.Require(m, "evidence", what), $"{what}.evidence").Select((n, i) => ReadEvidence(r, n, i, what)).ToList();
        if (!evidence.Any(e => e.Decisive))
        {
            throw r.Error(m, $"{what}: at least one evidence entry must be required or sufficient");
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in evidence)
        {
            if (!keys.Add(e.Key))
            {
                throw r.Error(m, $"{what}: evidence key '{e.Key}' is used twice (give one of them a 'key')");
            }
        }

        foreach (var e in evidence.Where(e => e.After is not null && !keys.Contains(e.After)))
        {
            throw r.Error(m, $"{what}: evidence '{e.Key}' must come after '{e.After}', which is not an evidence key of this signature");
        }

        var groups = evidence.SelectMany(e => e.Matchers).SelectMany(x => x.Regex.GetGroupNames()).ToHashSet(StringComparer.Ordinal);
        var facts = r.Get(m, "facts") is { } f ? r.Sequence(f, $"{what}.facts").Select(n => ReadFact(r, n, what, groups)).ToList() : [];

        return new FailureSignature
        {
            Id = id,
            Family = r.Enum(m, "family", what, FailureFamilies.Names) ?? throw r.Error(m, $"{what} needs 'family'"),
            Title = Text(r, m, "title", what),
            Product = Text(r, m, "product", what),
            Source = Text(r, m, "source", what),
            Rank = r.Int(m, "rank", what, 0, 100) ?? throw r.Error(m, $"{what} needs 'rank' (0-100)"),
            Evidence = evidence,
            Facts = facts,
            Cause = Text(r, m, "cause", what),
            Fix = Text(r, m, "fix", what),
            Why = r.String(m, "why", what)?.Trim() ?? "",
            Scenario = ReadRecipe(r, r.Require(m, "scenario", what), what),
        };
    }

    private static string Text(YamlReader r, YamlMappingNode m, string key, string what)
    {
        var value = r.String(m, key, what)?.Trim();
        return string.IsNullOrEmpty(value) ? throw r.Error(m, $"{what} needs a non-empty '{key}'") : value;
    }

    private static EvidencePattern ReadEvidence(YamlReader r, YamlNode node, int index, string what)
    {
        var m = r.Mapping(node, $"{what}.evidence entry", "key", "message", "text", "regex", "any", "codes", "role", "after", "weight");
        var sources = new[] { "message", "text", "regex", "any" }.Count(k => r.Get(m, k) is not null);
        if (sources != 1)
        {
            throw r.Error(m, $"{what}: each evidence entry needs exactly one of 'message', 'text', 'regex' or 'any'");
        }

        var matchers = r.Get(m, "any") is { } any
            ? [.. r.Sequence(any, $"{what}.evidence.any").Select(n => ReadMatcher(r, r.Mapping(n, $"{what}.evidence.any entry", "message", "text", "regex", "codes"), what))]
            : new List<EvidenceMatcher> { ReadMatcher(r, m, what) };
        if (matchers.Count == 0)
        {
            throw r.Error(m, $"{what}: 'any' needs at least one entry");
        }

        var role = r.Enum(m, "role", $"{what}.evidence", Roles) ?? EvidenceRole.Required;
        return new EvidencePattern
        {
            Key = r.String(m, "key", $"{what}.evidence") ?? matchers[0].MessageId ?? $"evidence-{index + 1}",
            Role = role,
            Matchers = matchers,
            After = r.String(m, "after", $"{what}.evidence"),
            Weight = r.Int(m, "weight", $"{what}.evidence", 1, 100) ?? (role == EvidenceRole.Supporting ? 3 : 10),
        };
    }

    private static EvidenceMatcher ReadMatcher(YamlReader r, YamlMappingNode m, string what)
    {
        if (r.String(m, "message", what) is { } id)
        {
            var message = AmtOpMgrMessages.All.FirstOrDefault(x => x.Id == id)
                ?? throw r.Error(r.Get(m, "message")!, $"{what}: '{id}' is not a message of AmtOpMgrMessages (known: {string.Join(", ", AmtOpMgrMessages.All.Select(x => x.Id))})");
            var codes = r.String(m, "codes", what);
            if (codes is not null and not ("any" or "exact"))
            {
                throw r.Error(r.Get(m, "codes")!, $"{what}: codes must be 'any' (hexadecimal codes in the message are holes) or 'exact' (the default)");
            }

            var shape = codes == "any" ? Regex.Replace(message.Template, "0x[0-9A-Fa-f]+", "{hex}") : message.Template;
            return new EvidenceMatcher(id, id, SearchPattern(message, codes == "any"), EvidenceMatcher.AnchorOf(shape));
        }

        if (r.Get(m, "codes") is { } stray)
        {
            throw r.Error(stray, $"{what}: 'codes' only applies to 'message' entries");
        }

        if (r.String(m, "text", what) is { } template)
        {
            try
            {
                return new EvidenceMatcher(template, null, LineTemplate.Compile(template, PatternOptions), EvidenceMatcher.AnchorOf(template));
            }
            catch (ArgumentException ex)
            {
                throw r.Error(r.Get(m, "text")!, $"{what}: not a valid line template: {ex.Message}");
            }
        }

        var pattern = r.String(m, "regex", what) ?? throw r.Error(m, $"{what}: an evidence matcher needs 'message' or 'regex'");
        try
        {
            return new EvidenceMatcher(pattern, null, new Regex(pattern, PatternOptions));
        }
        catch (ArgumentException ex)
        {
            throw r.Error(r.Get(m, "regex")!, $"{what}: not a valid regular expression: {ex.Message}");
        }
    }

    private static FactSpec ReadFact(YamlReader r, YamlNode node, string what, HashSet<string> groups)
    {
        var m = r.Mapping(node, $"{what}.facts entry", "name", "group", "take");
        var group = Text(r, m, "group", $"{what}.facts");
        if (!groups.Contains(group))
        {
            throw r.Error(r.Get(m, "group")!, $"{what}: no evidence pattern captures a group named '{group}'");
        }

        return new FactSpec(
            Text(r, m, "name", $"{what}.facts"),
            group,
            r.Enum(m, "take", $"{what}.facts", Aggregates) ?? FactAggregate.First);
    }

    private static ScenarioRecipe ReadRecipe(YamlReader r, YamlNode node, string what)
    {
        var m = r.Mapping(node, $"{what}.scenario", "file", "shipped", "note", "template");
        var file = Text(r, m, "file", $"{what}.scenario");
        if (!file.EndsWith(".yaml", StringComparison.Ordinal) || file.Contains('/', StringComparison.Ordinal))
        {
            throw r.Error(r.Get(m, "file")!, $"{what}.scenario.file: '{file}' must be a file name ending in .yaml");
        }

        var template = r.Get(m, "template") is { } t
            ? t as YamlMappingNode ?? throw r.Error(t, $"{what}.scenario.template must be a mapping of scenario keys")
            : new YamlMappingNode();
        if (r.Get(template, "run-for") is null)
        {
            throw r.Error(template, $"{what}.scenario.template needs 'run-for': the virtual time the failure needs to show (an emitted repro without it runs an hour of hellos)");
        }

        return new ScenarioRecipe(file, r.Bool(m, "shipped", $"{what}.scenario") ?? false, template, r.String(m, "note", $"{what}.scenario")?.Trim());
    }
}
