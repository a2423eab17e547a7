using System.Globalization;
using System.Text.RegularExpressions;
using AmtSim.Scenarios.Diagnosis.Reading;
using AmtSim.Scenarios.Diagnosis.Signatures;

namespace AmtSim.Scenarios.Diagnosis;

/// <summary>
/// Matches a log against the signature catalogue. A signature is a candidate when all its required
/// evidence is present (and in order where it says so); candidates are ranked by the weight of the
/// evidence found, then by the catalogue's rank (which puts the seeds' documented cause first when
/// several causes share the same lines). Pure: no I/O, no clock.
/// </summary>
public sealed partial class Diagnoser(SignatureCatalogue catalogue)
{
    /// <summary>Evidence kept per piece for display (facts still see every hit).</summary>
    public const int MaxHitsPerEvidence = 20;

    /// <summary>Closest partial candidates reported when nothing is known.</summary>
    public const int MaxClosest = 3;

    public Diagnoser()
        : this(SignatureCatalogue.Default)
    {
    }

    public DiagnosisReport Diagnose(LogDocument log)
    {
        var cache = new Dictionary<string, List<(int Record, int Offset, Match Match)>>(StringComparer.Ordinal);
        var evaluated = catalogue.Signatures.Select(s => Evaluate(s, log, cache)).ToList();
        var complete = evaluated.Where(c => c.Complete)
            .OrderByDescending(c => c.Score).ThenByDescending(c => c.Signature.Rank).ThenBy(c => c.Signature.Id, StringComparer.Ordinal)
            .ToList();
        if (complete.Count > 0)
        {
            var verdict = complete[0] with { Why = complete[0].Signature.Why };
            var verdictLines = verdict.Evidence.Select(h => h.Line).ToHashSet();
            var alternatives = complete.Skip(1).Select(c => c with
            {
                Why = c.Evidence.Any(h => h.Role == EvidenceRole.Required && verdictLines.Contains(h.Line))
                    ? (c.Signature.Why.Length > 0 ? c.Signature.Why : "Explains the same lines.")
                    : $"Also in this log, on other lines: {c.Signature.Title}.",
            }).ToList();
            return new DiagnosisReport(log, verdict, alternatives, []);
        }

        var closest = evaluated.Where(c => c.Evidence.Count > 0)
            .OrderByDescending(RequiredShare).ThenByDescending(c => c.Score).ThenByDescending(c => c.Signature.Rank).ThenBy(c => c.Signature.Id, StringComparer.Ordinal)
            .Take(MaxClosest)
            .Select(c => c with { Why = Explain(c) })
            .ToList();
        return new DiagnosisReport(log, null, [], closest);
    }

    private static double RequiredShare(Candidate c)
    {
        var required = c.Signature.Evidence.Where(e => e.Role == EvidenceRole.Required).ToList();
        var found = required.Where(e => !c.Missing.Contains(e.Key)).Sum(e => e.Weight);
        return (double)found / required.Sum(e => e.Weight);
    }

    private static string Explain(Candidate c)
    {
        var found = c.Evidence.GroupBy(h => h.Key).Select(g => $"{g.Key} (line {g.First().Line})");
        return $"found {string.Join(", ", found)}; missing {string.Join(", ", c.Missing)}";
    }

    private static Candidate Evaluate(FailureSignature signature, LogDocument log, Dictionary<string, List<(int Record, int Offset, Match Match)>> cache)
    {
        var raw = new Dictionary<string, List<EvidenceHit>>(StringComparer.Ordinal);
        foreach (var e in signature.Evidence)
        {
            raw[e.Key] = [.. e.Matchers
                .SelectMany(m => Hits(m, log, cache).Select(h => Hit(e, m, log.Records[h.Record], h.Record, h.Offset, h.Match)))
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
        var missing = counted.Where(x => x.Pattern.Role == EvidenceRole.Required && x.Hits.Count == 0).Select(x => x.Pattern.Key).ToList();
        var score = counted.Where(x => x.Hits.Count > 0).Sum(x => x.Pattern.Weight);
        var all = counted.SelectMany(x => x.Hits).ToList();
        var shown = counted.SelectMany(x => x.Hits.Take(MaxHitsPerEvidence))
            .DistinctBy(h => (h.Key, h.RecordIndex, h.Offset))
            .OrderBy(h => h.RecordIndex).ThenBy(h => h.Offset).ToList();
        return new Candidate(signature, missing.Count == 0, score, shown, missing, Facts(signature, all), "");
    }

    private static List<(int Record, int Offset, Match Match)> Hits(EvidenceMatcher matcher, LogDocument log, Dictionary<string, List<(int, int, Match)>> cache)
    {
        var key = matcher.Regex.ToString();
        if (cache.TryGetValue(key, out var hits))
        {
            return hits;
        }

        hits = [];
        for (var i = 0; i < log.Records.Count; i++)
        {
            foreach (Match m in matcher.Regex.Matches(log.Records[i].Message))
            {
                hits.Add((i, m.Index, m));
            }
        }

        cache[key] = hits;
        return hits;
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
