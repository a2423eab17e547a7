using System.Globalization;
using System.Net;
using System.Text;
using AmtSim.Scenarios.Running;

namespace AmtSim.Scenarios.Reports;

/// <summary>
/// One self-contained HTML file (inline CSS and SVG, no scripts or external assets), read at a
/// glance: a summary with failing scenarios first; per scenario its verdict, the unmet
/// expectations with the replay command, what was checked (passing scenarios too), and the
/// devices. Small runs show every device's timeline; a fleet shows a chart of end states and
/// reasons per scope and one example device in detail per (scope, state, reason) group, groups of
/// unprovisioned devices first, each shown device with its sequence diagram (<see cref="SequenceDiagram"/>). The server log is trimmed to its head and tail, with the path of
/// the full file.
/// </summary>
public static class HtmlReport
{
    /// <summary>Runs with at most this many devices show every device; larger ones one example per group.</summary>
    public const int TimelinesShown = 20;

    private const string Style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d2330;background:#fafbfc}
        h1{font-size:1.5rem;margin:0 0 .3rem}h2{font-size:1.15rem;margin:0}h3{font-size:1rem;margin:.8rem 0 .3rem}
        .meta{color:#5b6473;margin-bottom:1.2rem}
        table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #d5dae1;padding:.25rem .5rem;text-align:left;vertical-align:top}
        th{background:#eef1f5}
        .scenario{background:#fff;border:1px solid #d5dae1;border-radius:6px;margin:1rem 0;padding:1rem}
        .scenario.bad{border-left:6px solid #cf222e}
        .v{display:inline-block;padding:.05rem .5rem;border-radius:3px;color:#fff;font-weight:600;margin-right:.5rem}
        .Passed{background:#1f883d}.Failed{background:#cf222e}.Error{background:#9a6700}.Skipped{background:#6e7781}.Invalid{background:#8250df}
        .fail{color:#cf222e}.ok{color:#1f883d}
        ul.checked{margin:.3rem 0;padding-left:1.2rem}ul.checked li{font-family:ui-monospace,monospace;font-size:12px}
        .timeline{display:flex;flex-wrap:wrap;gap:.25rem;margin:.2rem 0 .6rem}
        .ev{border:1px solid #d5dae1;border-radius:4px;padding:.1rem .4rem;font-size:12px;background:#f6f8fa}
        .ev.bad{border-color:#cf222e;background:#ffebe9}
        .ev b{font-weight:600;margin-right:.3rem}
        pre{background:#0d1117;color:#e6edf3;padding:.7rem;overflow-x:auto;font-size:12px;border-radius:4px;max-height:28rem}
        details{margin:.4rem 0}
        svg text{font:12px system-ui,sans-serif}
        """;

    /// <summary>Order of scenarios in the report: what needs attention first.</summary>
    private static int Rank(Verdict v) => v switch
    {
        Verdict.Failed => 0,
        Verdict.Error => 1,
        Verdict.Invalid => 2,
        Verdict.Skipped => 3,
        _ => 4,
    };

    public static string Render(IReadOnlyList<ScenarioResult> results, long? runSeed, DateTimeOffset generatedAt)
    {
        var c = CultureInfo.InvariantCulture;
        var ordered = results.Select((r, i) => (r, i)).OrderBy(x => Rank(x.r.Verdict)).ThenBy(x => x.i).Select(x => x.r).ToList();
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>AmtSim scenario report</title><style>").Append(Style).Append("</style></head><body>");
        var passed = results.Count(r => r.Verdict == Verdict.Passed);
        sb.Append("<h1>AmtSim scenario report</h1><div class=\"meta\">")
          .Append(c, $"{passed} of {results.Count} scenario(s) passed");
        foreach (var (verdict, word) in new[] { (Verdict.Failed, "failed"), (Verdict.Error, "setup error(s)"), (Verdict.Invalid, "invalid file(s)"), (Verdict.Skipped, "skipped") })
        {
            if (results.Count(r => r.Verdict == verdict) is > 0 and var n)
            {
                sb.Append(c, $" · {n} {word}");
            }
        }

        sb.Append(runSeed is { } s ? $" · run seed {s}" : " · seeds from the scenario files")
          .Append(" · generated ").Append(E(generatedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", c))).Append("</div>");

        sb.Append("<table><tr><th>scenario</th><th>verdict</th><th>devices</th><th>seed</th><th>wall time</th><th>first problem</th></tr>");
        foreach (var r in ordered)
        {
            sb.Append("<tr><td><a href=\"#").Append(E(r.Scenario.Name)).Append("\">").Append(E(r.Scenario.Name)).Append("</a></td><td><span class=\"v ")
              .Append(r.Verdict).Append("\">").Append(r.Verdict).Append("</span></td><td>").Append(r.Observation.Devices.Count)
              .Append("</td><td>").Append(r.Seed).Append("</td><td>").Append(r.WallTime.TotalSeconds.ToString("0.00", c)).Append(" s</td><td>")
              .Append(E(FirstProblem(r))).Append("</td></tr>");
        }

        sb.Append("</table>");
        foreach (var r in ordered)
        {
            Scenario(sb, r);
        }

        sb.Append("</body></html>");
        return sb.ToString();
    }

    private static string FirstProblem(ScenarioResult r) => r.Verdict switch
    {
        Verdict.Failed when r.Failures.Count > 0 => $"{r.Failures[0].What}: expected {r.Failures[0].Expected}",
        Verdict.Error or Verdict.Invalid or Verdict.Skipped => r.Error ?? "",
        _ => "",
    };

    private static void Scenario(StringBuilder sb, ScenarioResult r)
    {
        var c = CultureInfo.InvariantCulture;
        var bad = r.Verdict is Verdict.Failed or Verdict.Error or Verdict.Invalid;
        sb.Append("<section class=\"scenario").Append(bad ? " bad" : "").Append("\" id=\"").Append(E(r.Scenario.Name)).Append("\"><h2><span class=\"v ").Append(r.Verdict).Append("\">")
          .Append(r.Verdict).Append("</span>").Append(E(r.Scenario.Name)).Append("</h2>");
        sb.Append("<div class=\"meta\">").Append(E(r.Scenario.Description)).Append("<br>file ").Append(E(r.Scenario.File));
        if (r.Verdict != Verdict.Invalid)
        {
            sb.Append(" · seed ").Append(r.Seed).Append(" · virtual time ").Append(E(r.Observation.VirtualStart.ToString("u", c))).Append(" → ")
              .Append(E(r.Observation.VirtualEnd.ToString("u", c))).Append(" · replay: <code>").Append(E(r.ReplayCommand)).Append("</code>");
        }

        sb.Append("</div>");
        if (r.Error is not null)
        {
            sb.Append("<p class=\"fail\">").Append(E(r.Error)).Append("</p>");
        }

        if (r.Failures.Count > 0)
        {
            sb.Append("<table><tr><th>unmet expectation</th><th>expected</th><th>actual</th></tr>");
            foreach (var f in r.Failures)
            {
                sb.Append("<tr class=\"fail\"><td>").Append(E(f.What)).Append("</td><td>").Append(E(f.Expected)).Append("</td><td>").Append(E(f.Actual)).Append("</td></tr>");
            }

            sb.Append("</table>");
        }

        var checkedLines = ExpectationText.Describe(r.Scenario.Expect);
        if (checkedLines.Count > 0 && r.Verdict != Verdict.Invalid)
        {
            sb.Append("<details").Append(r.Verdict == Verdict.Passed ? " open" : "").Append("><summary>checked (").Append(checkedLines.Count).Append(")</summary><ul class=\"checked\">");
            foreach (var line in checkedLines)
            {
                sb.Append("<li>").Append(E(line)).Append("</li>");
            }

            sb.Append("</ul></details>");
        }

        Devices(sb, r.Observation.Devices);
        if (JUnitReport.TrimmedLog(r) is { } log)
        {
            sb.Append("<details").Append(bad ? " open" : "").Append("><summary>server log (").Append(r.Observation.ServerLog.Count).Append(" lines)</summary><pre>")
              .Append(E(log)).Append("</pre></details>");
        }

        sb.Append("</section>");
    }

    private static void Devices(StringBuilder sb, IReadOnlyList<DeviceObservation> devices)
    {
        if (devices.Count == 0)
        {
            return;
        }

        if (devices.Count <= TimelinesShown)
        {
            DeviceTable(sb, devices);
            return;
        }

        var groups = devices.GroupBy(d => (d.Scope, d.State, Reason: d.Reason ?? ""))
            .OrderBy(g => g.Key.State == "post" ? 1 : 0)
            .ThenBy(g => g.Min(d => d.Index))
            .ToList();
        Chart(sb, devices);
        sb.Append("<h3>groups: one example device each, unprovisioned first</h3><table><tr><th>scope</th><th>state</th><th>reason</th><th>devices</th><th>example</th></tr>");
        foreach (var g in groups)
        {
            var example = g.First();
            sb.Append("<tr><td>").Append(E(g.Key.Scope)).Append("</td><td class=\"").Append(g.Key.State == "post" ? "ok" : "fail").Append("\">").Append(E(g.Key.State))
              .Append("</td><td>").Append(E(g.Key.Reason)).Append("</td><td>").Append(g.Count()).Append("</td><td>device ").Append(example.Index).Append("</td></tr>");
        }

        sb.Append("</table>");
        DeviceTable(sb, [.. groups.Select(g => g.First())]);
    }

    private static void DeviceTable(StringBuilder sb, IReadOnlyList<DeviceObservation> devices)
    {
        var c = CultureInfo.InvariantCulture;
        sb.Append("<table><tr><th>#</th><th>device</th><th>address</th><th>firmware</th><th>scope</th><th>state</th><th>reason</th></tr>");
        foreach (var d in devices)
        {
            sb.Append("<tr><td>").Append(d.Index).Append("</td><td>").Append(E(d.Fqdn ?? d.Hostname)).Append("</td><td>").Append(E(d.Address))
              .Append("</td><td>").Append(E(d.Firmware)).Append("</td><td>").Append(E(d.Scope)).Append("</td><td class=\"").Append(d.State == "post" ? "ok" : "fail").Append("\">")
              .Append(E(d.State)).Append('/').Append(E(d.Mode)).Append("</td><td>").Append(E(d.Reason ?? "")).Append("</td></tr>");
            sb.Append("<tr><td></td><td colspan=\"6\">");
            if (d.Timeline.Count > 0)
            {
                // First the flow (open for devices that did not get provisioned: their diagram is what a reader looks for), then every event.
                sb.Append("<details class=\"flow\"").Append(d.State == "post" ? "" : " open").Append("><summary>sequence diagram</summary>")
                  .Append(SequenceDiagram.Render(d.Timeline, d.State == "post" ? null : $"{d.State}, {d.Reason}")).Append("</details>");
            }

            sb.Append("<div class=\"timeline\">");
            foreach (var ev in d.Timeline)
            {
                sb.Append("<span class=\"ev").Append(ev.Ok ? "" : " bad").Append("\" title=\"").Append(E(ev.At.ToString("u", c))).Append("\"><b>")
                  .Append(E(ev.Kind)).Append("</b>").Append(E(ev.Text)).Append("</span>");
            }

            sb.Append("</div>");
            sb.Append("</td></tr>");
        }

        sb.Append("</table>");
    }

    /// <summary>End states and reasons per scope as stacked horizontal bars (inline SVG): one bar per scope, one segment per (state, reason).</summary>
    private static void Chart(StringBuilder sb, IReadOnlyList<DeviceObservation> devices)
    {
        var c = CultureInfo.InvariantCulture;
        const int label = 110, width = 640, row = 26;
        var scopes = devices.GroupBy(d => d.Scope).ToList();
        var largest = scopes.Max(s => s.Count());
        var segments = devices.Select(d => (d.State, Reason: d.Reason ?? "")).Distinct().OrderBy(k => k.State == "post" ? 1 : 0).ThenBy(k => k.Reason, StringComparer.Ordinal).ToList();
        var colours = segments.Select((k, i) => (k, Colour(k.State, i))).ToDictionary(x => x.k, x => x.Item2);
        var height = (scopes.Count * row) + 10 + (segments.Count * 18);
        sb.Append(c, $"<svg width=\"{label + width + 60}\" height=\"{height}\" role=\"img\" aria-label=\"end states per scope\">");
        for (var i = 0; i < scopes.Count; i++)
        {
            var y = i * row;
            sb.Append(c, $"<text x=\"0\" y=\"{y + 16}\">").Append(E(scopes[i].Key)).Append("</text>");
            double x = label;
            foreach (var k in segments)
            {
                var n = scopes[i].Count(d => d.State == k.State && (d.Reason ?? "") == k.Reason);
                if (n == 0)
                {
                    continue;
                }

                var w = (double)n / largest * width;
                sb.Append(c, $"<rect x=\"{x:0.#}\" y=\"{y + 3}\" width=\"{Math.Max(w, 1):0.#}\" height=\"{row - 8}\" fill=\"{colours[k]}\"><title>").Append(E($"{scopes[i].Key}: {n} {k.State} {k.Reason}")).Append("</title></rect>");
                x += w;
            }

            sb.Append(c, $"<text x=\"{x + 4:0.#}\" y=\"{y + 16}\">{scopes[i].Count()}</text>");
        }

        var ly = scopes.Count * row + 10;
        foreach (var k in segments)
        {
            sb.Append(c, $"<rect x=\"{label}\" y=\"{ly}\" width=\"12\" height=\"12\" fill=\"{colours[k]}\"/><text x=\"{label + 18}\" y=\"{ly + 11}\">").Append(E($"{k.State} · {k.Reason}")).Append("</text>");
            ly += 18;
        }

        sb.Append("</svg>");
    }

    private static string Colour(string state, int i) => state switch
    {
        "post" => "#1f883d",
        "in" => i % 2 == 0 ? "#bf8700" : "#d4a72c",
        _ => new[] { "#cf222e", "#a40e26", "#fa4549", "#82071e" }[i % 4],
    };

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
