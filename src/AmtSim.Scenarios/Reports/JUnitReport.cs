using System.Globalization;
using System.Text;
using System.Xml;
using AmtSim.Scenarios.Running;

namespace AmtSim.Scenarios.Reports;

/// <summary>
/// JUnit XML for CI systems, kept lean: one <c>testsuite</c> per scenario folder (<c>core</c> for the
/// top folder, <c>interop</c>, …) with its start time, one <c>testcase</c> per scenario file. A
/// failure's message names the first unmet expectation (expected and actual) and its body lists
/// them all with the seed and the replay command. Logs are attached only to failed, erroneous and
/// skipped cases, trimmed to <see cref="LogHeadLines"/> + <see cref="LogTailLines"/> lines, with
/// the path of the full log; passing cases carry none. A file that did not load is an error case
/// of type <c>InvalidScenario</c>.
/// </summary>
public static class JUnitReport
{
    /// <summary>Lines of a long log kept from its start.</summary>
    public const int LogHeadLines = 40;

    /// <summary>Lines of a long log kept from its end (where a failure usually shows).</summary>
    public const int LogTailLines = 120;

    /// <summary>Longest failure message attribute; the body has the whole text.</summary>
    public const int MessageLimit = 400;

    /// <param name="results">The run's results, in suite order.</param>
    /// <param name="roots">The paths the run was given (folders or files): a scenario's suite is its folder relative to the root holding it.</param>
    public static string Render(IReadOnlyList<ScenarioResult> results, IReadOnlyList<string>? roots = null)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false }))
        {
            w.WriteStartElement("testsuites");
            w.WriteAttributeString("name", "amtsim");
            w.WriteAttributeString("tests", results.Count.ToString(c));
            w.WriteAttributeString("failures", results.Count(r => r.Verdict == Verdict.Failed).ToString(c));
            w.WriteAttributeString("errors", results.Count(r => r.Verdict is Verdict.Error or Verdict.Invalid).ToString(c));
            w.WriteAttributeString("skipped", results.Count(r => r.Verdict == Verdict.Skipped).ToString(c));
            w.WriteAttributeString("time", Seconds(results.Sum(r => r.WallTime.TotalSeconds)));
            foreach (var suite in results.GroupBy(r => ScenarioSuites.NameOf(r.Scenario.File, roots ?? [])).OrderBy(g => g.Key == ScenarioSuites.Core ? "" : g.Key, StringComparer.Ordinal))
            {
                Suite(w, suite.Key, [.. suite]);
            }

            w.WriteEndElement();
        }

        return sb.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    private static void Suite(XmlWriter w, string name, IReadOnlyList<ScenarioResult> results)
    {
        var c = CultureInfo.InvariantCulture;
        w.WriteStartElement("testsuite");
        w.WriteAttributeString("name", name);
        w.WriteAttributeString("tests", results.Count.ToString(c));
        w.WriteAttributeString("failures", results.Count(r => r.Verdict == Verdict.Failed).ToString(c));
        w.WriteAttributeString("errors", results.Count(r => r.Verdict is Verdict.Error or Verdict.Invalid).ToString(c));
        w.WriteAttributeString("skipped", results.Count(r => r.Verdict == Verdict.Skipped).ToString(c));
        w.WriteAttributeString("time", Seconds(results.Sum(r => r.WallTime.TotalSeconds)));
        var started = results.Where(r => r.StartedAt != default).Select(r => r.StartedAt).DefaultIfEmpty().Min();
        if (started != default)
        {
            // The JUnit schema's timestamp: ISO 8601 without a zone (UTC here).
            w.WriteAttributeString("timestamp", started.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", c));
        }

        foreach (var r in results)
        {
            Case(w, name, r);
        }

        w.WriteEndElement();
    }

    private static void Case(XmlWriter w, string suite, ScenarioResult r)
    {
        w.WriteStartElement("testcase");
        w.WriteAttributeString("classname", $"amtsim.{suite}");
        w.WriteAttributeString("name", r.Scenario.Name);
        w.WriteAttributeString("file", r.Scenario.File);
        w.WriteAttributeString("time", Seconds(r.WallTime.TotalSeconds));
        switch (r.Verdict)
        {
            case Verdict.Failed:
                var first = r.Failures.Count > 0 ? Describe(r.Failures[0]) : "an expectation was not met";
                var more = r.Failures.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" (and {r.Failures.Count - 1} more)") : "";
                w.WriteStartElement("failure");
                w.WriteAttributeString("type", "ExpectationNotMet");
                w.WriteAttributeString("message", Trim(first, MessageLimit - more.Length) + more);
                w.WriteString(string.Join('\n', r.Failures.Select(Describe)) + $"\nseed {r.Seed}\nreplay: {r.ReplayCommand}");
                w.WriteEndElement();
                break;
            case Verdict.Skipped:
                w.WriteStartElement("skipped");
                w.WriteAttributeString("message", Trim(r.Error ?? "skipped", MessageLimit));
                w.WriteEndElement();
                break;
            case Verdict.Error:
                w.WriteStartElement("error");
                w.WriteAttributeString("type", "SetupError");
                w.WriteAttributeString("message", Trim(r.Error ?? "setup error", MessageLimit));
                w.WriteString($"{r.Error}\nseed {r.Seed}\nreplay: {r.ReplayCommand}");
                w.WriteEndElement();
                break;
            case Verdict.Invalid:
                w.WriteStartElement("error");
                w.WriteAttributeString("type", "InvalidScenario");
                w.WriteAttributeString("message", Trim(r.Error ?? "invalid scenario file", MessageLimit));
                w.WriteString(r.Error ?? "");
                w.WriteEndElement();
                break;
        }

        if (r.Verdict is Verdict.Failed or Verdict.Error or Verdict.Skipped && TrimmedLog(r) is { } log)
        {
            w.WriteStartElement("system-out");
            w.WriteString(log);
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static string Describe(ExpectationFailure f) => $"{f.What}: expected {f.Expected}; actual {f.Actual}";

    /// <summary>The server log, its head and tail when long, and where the whole file is; null when there is nothing to show.</summary>
    internal static string? TrimmedLog(ScenarioResult r)
    {
        var text = r.Observation.ServerLogText;
        var full = FullLogPath(r);
        if (text.Length == 0 && full is null)
        {
            return null;
        }

        var lines = text.Split('\n');
        var sb = new StringBuilder();
        if (full is not null)
        {
            sb.Append("full log: ").Append(full).Append('\n');
        }

        if (lines.Length <= LogHeadLines + LogTailLines)
        {
            sb.Append(text);
        }
        else
        {
            sb.AppendJoin('\n', lines.Take(LogHeadLines))
              .Append(CultureInfo.InvariantCulture, $"\n… {lines.Length - LogHeadLines - LogTailLines} line(s) left out …\n")
              .AppendJoin('\n', lines.Skip(lines.Length - LogTailLines));
        }

        return sb.ToString();
    }

    private static string? FullLogPath(ScenarioResult r)
        => r.RunDirectory is null
            ? null
            : new[] { "amtopmgr.log", "server.log" }.Select(f => Path.Combine(r.RunDirectory, f)).FirstOrDefault(File.Exists);

    private static string Trim(string text, int limit)
    {
        var oneLine = text.ReplaceLineEndings(" ");
        return oneLine.Length <= limit ? oneLine : string.Concat(oneLine.AsSpan(0, Math.Max(0, limit - 1)), "…");
    }

    private static string Seconds(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture);
}
