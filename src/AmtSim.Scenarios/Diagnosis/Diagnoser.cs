using System.Globalization;
using System.Text.RegularExpressions;
using AmtSim.Scenarios.Diagnosis.Reading;
using AmtSim.Scenarios.Diagnosis.Signatures;

namespace AmtSim.Scenarios.Diagnosis;

/// <summary>
/// Matches a log against the signature catalogue. A signature is a candidate when all its required
/// evidence is present (and in order where it says so), or when one of its sufficient lines is;
/// candidates are ranked by the weight of the evidence found, then by the catalogue's rank (which
/// puts the seeds' documented cause first when several causes share the same lines). Complete
/// candidates whose evidence sits on other lines than the verdict's are other failures of the same
/// log. The log is scanned once, record by record, keeping at most <see cref="MaxHitsPerMatcher"/>
/// hits per pattern, so memory does not grow with the log. Pure: no I/O, no clock.
/// </summary>
public sealed partial class Diagnoser(SignatureCatalogue catalogue)
{
    /// <summary>Evidence kept per piece for display.</summary>
    public const int MaxHitsPerEvidence = 20;

    /// <summary>Hits kept per pattern while scanning (facts and ordering see these; the count of all hits is kept).</summary>
    public const int MaxHitsPerMatcher = 64;

    /// <summary>Closest partial candidates reported when nothing is known.</summary>
    public const int MaxClosest = 3;

    private readonly List<EvidenceMatcher> _matchers = catalogue.Signatures.SelectMany(s => s.Evidence).SelectMany(e => e.Matchers)
        .DistinctBy(m => m.Regex.ToString()).ToList();

    public Diagnoser()
        : this(SignatureCatalogue.Default)
    {
    }

    public DiagnosisReport Diagnose(LogDocument log)
    {
        var scan = Scan(log.Records);
        return Judge(log, scan);
    }

    /// <summary>Diagnoses a streamed log, reading it once; the report's log keeps no records.</summary>
    /// <exception cref="AmtSim.Runtime.Errors.InvalidInputException">The log cannot be read to its end (see <see cref="LogFileReader.LogSource.Records"/>).</exception>
    public DiagnosisReport Diagnose(LogFileReader.LogSource source)
    {
        var scan = Scan(source.Records());
        var log = new LogDocument(source.Name, source.Encoding, [])
        {
            RecordCount = scan.Records,
            LineCount = scan.Lines,
            Formats = scan.Formats,
        };
        return Judge(log, scan);
    }

    private sealed class ScanResult
    {
        public Dictionary<string, List<(int Record, int Offset, Match Match, LogRecord Source)>> Hits { get; } = new(StringComparer.Ordinal);
        public int Records { get; set; }
        public int Lines { get; set; }
        public Dictionary<LogRecordFormat, int> Formats { get; } = [];
    }

    private ScanResult Scan(IEnumerable<LogRecord> records)
    {
        var scan = new ScanResult();
        foreach (var m in _matchers)
        {
            scan.Hits[m.Regex.ToString()] = [];
        }

        var keys = _matchers.Select(m => (Matcher: m, Anchor: m.Anchor?.ToLowerInvariant(), Hits: scan.Hits[m.Regex.ToString()])).ToList();
        var index = 0;
        foreach (var record in records)
        {
            scan.Formats[record.Format] = scan.Formats.GetValueOrDefault(record.Format) + 1;
            scan.Lines = Math.Max(scan.Lines, record.Segments[^1].Line);
            var message = record.Message;
            // Anchors are compared on a lower-cased copy: ordinal search is vectorised, case-insensitive search is not (invariant globalization).
            var lower = message.ToLowerInvariant();
            foreach (var (matcher, anchor, hits) in keys)
            {
                if (hits.Count >= MaxHitsPerMatcher || (anchor is not null && !lower.Contains(anchor, StringComparison.Ordinal)))
                {
                    continue;
                }

                for (var m = matcher.Regex.Match(message); m.Success && hits.Count < MaxHitsPerMatcher; m = m.NextMatch())
                {
                    hits.Add((index, m.Index, m, record));
                }
            }

            index++;
        }

        scan.Records = index;
        return scan;
    }

    private DiagnosisReport Judge(LogDocument log, ScanResult scan)
    {
        var evaluated = catalogue.Signatures.Select(s => Evaluate(s, scan)).ToList();
        var complete = evaluated.Where(c => c.Complete)
            .OrderByDescending(c => c.Score).ThenByDescending(c => c.Signature.Rank).ThenBy(c => c.Signature.Id, StringComparer.Ordinal)
            .ToList();
        if (complete.Count == 0)
        {
            var closest = evaluated.Where(c => c.Evidence.Count > 0)
                .OrderByDescending(RequiredShare).ThenByDescending(c => c.Score).ThenByDescending(c => c.Signature.Rank).ThenBy(c => c.Signature.Id, StringComparer.Ordinal)
                .Take(MaxClosest)
                .Select(c => c with { Why = Explain(c) })
                .ToList();
            return new DiagnosisReport(log, null, [], closest);
        }

        var verdict = complete[0] with { Why = complete[0].Signature.Why };

        // Other failures: complete candidates none of whose decisive evidence is a line an earlier failure explains.
        var failures = new List<Candidate> { verdict };
        var claimed = Positions(verdict, decisiveOnly: false);
        foreach (var c in complete.Skip(1))
        {
            if (failures.Any(f => f.Signature.Id == c.Signature.Id) || Positions(c, decisiveOnly: true).Overlaps(claimed)
                || Positions(c, decisiveOnly: false).Overlaps(Positions(verdict, decisiveOnly: true)))
            {
                continue;
            }

            failures.Add(c with { Why = $"Also in this log, on other lines: {c.Signature.Title}." });
            claimed.UnionWith(Positions(c, decisiveOnly: false));
        }

        var others = failures.Skip(1).ToList();
        var verdictLines = verdict.Evidence.Select(h => h.Line).ToHashSet();
        var alternatives = complete.Skip(1).Where(c => !others.Any(o => o.Signature.Id == c.Signature.Id)).Select(c => c with
        {
            Why = c.Evidence.Any(h => h.Role != EvidenceRole.Supporting && verdictLines.Contains(h.Line))
                ? (c.Signature.Why.Length > 0 ? c.Signature.Why : "Explains the same lines.")
                : $"Also in this log, on other lines: {c.Signature.Title}.",
        }).ToList();
        return new DiagnosisReport(log, verdict, alternatives, []) { OtherFailures = others };
    }

    private static HashSet<(int, int)> Positions(Candidate c, bool decisiveOnly)
        => [.. c.Evidence.Where(h => !decisiveOnly || h.Role != EvidenceRole.Supporting).Select(h => (h.RecordIndex, h.Offset))];

    private static double RequiredShare(Candidate c)
    {
        var decisive = c.Signature.Evidence.Where(e => e.Decisive).ToList();
        var found = decisive.Where(e => c.Evidence.Any(h => h.Key == e.Key)).Sum(e => e.Weight);
        return (double)found / decisive.Sum(e => e.Weight);
    }

    private static string Explain(Candidate c)
    {
        var found = c.Evidence.GroupBy(h => h.Key).Select(g => $"{g.Key} (line {g.First().Line})");
        return $"found {string.Join(", ", found)}; missing {string.Join(", ", c.Missing)}";
    }

    private static Candidate Evaluate(FailureSignature signature, ScanResult scan)
    {
        var raw = new Dictionary<string, List<EvidenceHit>>(StringComparer.Ordinal);
        foreach (var e in signature.Evidence)
        {
            raw[e.Key] = [.. e.Matchers
                .SelectMany(m => scan.Hits[m.Regex.ToString()].Select(h => Hit(e, m, h.Source, h.Record, h.Offset, h.Match)))
                .OrderBy(h => h.RecordIndex).ThenBy(h => h.Offset)];
        }

        var resolved = new Dictionary<string, List<EvidenceHit>>(StringComparer.Ordinal);
        List<EvidenceHit> Resolve(EvidencePattern e, int depth)
        {
            if (resolved.TryGetValue(e.Key, out var done))
            {
                return done;
            }

            var hits = raw[e.Key];
            if (e.After is not null && depth < signature.Evidence.Count)
            {
                var before = Resolve(signature.Evidence.First(x => x.Key == e.After), depth + 1);
                // Ordering only applies when the earlier evidence is there at all (its absence is judged on its own).
                if (before.Count > 0)
                {
                    var first = before[0];
                    hits = [.. hits.Where(h => h.RecordIndex > first.RecordIndex || (h.RecordIndex == first.RecordIndex && h.Offset > first.Offset))];
                }
            }

            resolved[e.Key] = hits;
            return hits;
        }

        var counted = signature.Evidence.Select(e => (Pattern: e, Hits: Resolve(e, 0))).ToList();
        var required = counted.Where(x => x.Pattern.Role == EvidenceRole.Required).ToList();
        var missing = required.Where(x => x.Hits.Count == 0).Select(x => x.Pattern.Key).ToList();
        var complete = (required.Count > 0 && missing.Count == 0)
            || counted.Any(x => x.Pattern.Role == EvidenceRole.Sufficient && x.Hits.Count > 0);
        var score = counted.Where(x => x.Hits.Count > 0).Sum(x => x.Pattern.Weight);
        var all = counted.SelectMany(x => x.Hits).ToList();
        var shown = counted.SelectMany(x => x.Hits.Take(MaxHitsPerEvidence))
            .DistinctBy(h => (h.Key, h.RecordIndex, h.Offset))
            .OrderBy(h => h.RecordIndex).ThenBy(h => h.Offset).ToList();
        return new Candidate(signature, complete, score, shown, complete ? [] : missing, Facts(signature, all), "");
    }

    private static EvidenceHit Hit(EvidencePattern e, EvidenceMatcher m, LogRecord record, int index, int offset, Match match)
    {
        var groups = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Group g in match.Groups)
        {
            if (g.Success && !int.TryParse(g.Name, out _))
            {
                groups[g.Name] = g.Value.Trim();
            }
        }

        return new EvidenceHit(e.Key, e.Role, m.Label, record.LineAt(offset), record.Message, groups, index, offset);
    }

    private static Dictionary<string, IReadOnlyList<string>> Facts(FailureSignature signature, List<EvidenceHit> hits)
    {
        var facts = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var spec in signature.Facts)
        {
            var values = hits.OrderBy(h => h.RecordIndex).ThenBy(h => h.Offset)
                .Select(h => h.Groups.GetValueOrDefault(spec.Group)).OfType<string>().Where(v => v.Length > 0).ToList();
            if (values.Count == 0)
            {
                continue;
            }

            facts[spec.Name] = spec.Aggregate switch
            {
                FactAggregate.First => [values[0]],
                FactAggregate.Last => [values[^1]],
                FactAggregate.Max => [values.MaxBy(Numeric)!],
                FactAggregate.Min => [values.MinBy(Numeric)!],
                _ => [.. values.Distinct(StringComparer.OrdinalIgnoreCase)],
            };
        }

        var codes = hits.SelectMany(h => ErrorCodeRegex().Matches(h.Text).Select(m => m.Value)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (codes.Count > 0 && !facts.ContainsKey("error-codes"))
        {
            facts["error-codes"] = codes;
        }

        return facts;
    }

    private static double Numeric(string value)
        => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN;

    [GeneratedRegex(@"\b0x[0-9A-Fa-f]{5,8}\b")]
    private static partial Regex ErrorCodeRegex();
}
