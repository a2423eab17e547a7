using System.Globalization;
using System.Net;
using System.Text;
using AmtSim.Scenarios.Running;

namespace AmtSim.Scenarios.Reports;

/// <summary>
/// One self-contained HTML file (inline CSS, no scripts or external assets): a summary, then per
/// scenario its verdict, unmet expectations with the replay command, a timeline per device
/// (DHCP → lookup → hello → TLS → WS-Man calls → result) and the server's amtopmgr.log.
/// Fleets show the first devices' timelines and a state table for all.
/// </summary>
public static class HtmlReport
{
    /// <summary>Timelines drawn in full per scenario; the rest of a fleet is summarised.</summary>
    public const int TimelinesShown = 20;

    private const string Style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d2330;background:#fafbfc}
        h1{font-size:1.5rem;margin:0 0 .3rem}h2{font-size:1.15rem;margin:0}
        .meta{color:#5b6473;margin-bottom:1.2rem}
        table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #d5dae1;padding:.25rem .5rem;text-align:left;vertical-align:top}
        th{background:#eef1f5}
        .scenario{background:#fff;border:1px solid #d5dae1;border-radius:6px;margin:1rem 0;padding:1rem}
        .v{display:inline-block;padding:.05rem .5rem;border-radius:3px;color:#fff;font-weight:600;margin-right:.5rem}
        .Passed{background:#1f883d}.Failed{background:#cf222e}.Error{background:#9a6700}.Skipped{background:#6e7781}
        .fail{color:#cf222e}.ok{color:#1f883d}
        .timeline{display:flex;flex-wrap:wrap;gap:.25rem;margin:.2rem 0 .6rem}
        .ev{border:1px solid #d5dae1;border-radius:4px;padding:.1rem .4rem;font-size:12px;background:#f6f8fa}
        .ev.bad{border-color:#cf222e;background:#ffebe9}
        .ev b{font-weight:600;margin-right:.3rem}
        pre{background:#0d1117;color:#e6edf3;padding:.7rem;overflow-x:auto;font-size:12px;border-radius:4px;max-height:28rem}
        details{margin:.4rem 0}
        """;

    public static string Render(IReadOnlyList<ScenarioResult> results, long? runSeed, DateTimeOffset generatedAt)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>AmtSim scenario report</title><style>").Append(Style).Append("</style></head><body>");
        var passed = results.Count(r => r.Verdict == Verdict.Passed);
        sb.Append("<h1>AmtSim scenario report</h1><div class=\"meta\">")
          .Append(c, $"{passed} of {results.Count} scenario(s) passed")
          .Append(results.Count(r => r.Verdict == Verdict.Skipped) is > 0 and var skipped ? string.Create(c, $" · {skipped} skipped") : "")
          .Append(runSeed is { } s ? $" · run seed {s}" : " · seeds from the scenario files")
          .Append(" · generated ").Append(E(generatedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", c))).Append("</div>");

        sb.Append("<table><tr><th>scenario</th><th>verdict</th><th>devices</th><th>seed</th><th>wall time</th></tr>");
        foreach (var r in results)
        {
            sb.Append("<tr><td><a href=\"#").Append(E(r.Scenario.Name)).Append("\">").Append(E(r.Scenario.Name)).Append("</a></td><td><span class=\"v ")
              .Append(r.Verdict).Append("\">").Append(r.Verdict).Append("</span></td><td>").Append(r.Observation.Devices.Count)
              .Append("</td><td>").Append(r.Seed).Append("</td><td>").Append(r.WallTime.TotalSeconds.ToString("0.00", c)).Append(" s</td></tr>");
        }

        sb.Append("</table>");
        foreach (var r in results)
        {
            Scenario(sb, r);
        }

        sb.Append("</body></html>");
        return sb.ToString();
    }

    private static void Scenario(StringBuilder sb, ScenarioResult r)
    {
        var c = CultureInfo.InvariantCulture;
        sb.Append("<section class=\"scenario\" id=\"").Append(E(r.Scenario.Name)).Append("\"><h2><span class=\"v ").Append(r.Verdict).Append("\">")
          .Append(r.Verdict).Append("</span>").Append(E(r.Scenario.Name)).Append("</h2>");
        sb.Append("<div class=\"meta\">").Append(E(r.Scenario.Description)).Append("<br>file ").Append(E(r.Scenario.File))
          .Append(" · seed ").Append(r.Seed).Append(" · virtual time ").Append(E(r.Observation.VirtualStart.ToString("u", c))).Append(" → ")
          .Append(E(r.Observation.VirtualEnd.ToString("u", c))).Append(" · replay: <code>").Append(E(r.ReplayCommand)).Append("</code></div>");
        if (r.Error is not null)
        {
            sb.Append("<p class=\"fail\">").Append(E(r.Error)).Append("</p>");
        }

        if (r.Failures.Count > 0)
        {
            sb.Append("<table><tr><th>expectation</th><th>expected</th><th>actual</th></tr>");
            foreach (var f in r.Failures)
            {
                sb.Append("<tr class=\"fail\"><td>").Append(E(f.What)).Append("</td><td>").Append(E(f.Expected)).Append("</td><td>").Append(E(f.Actual)).Append("</td></tr>");
            }

            sb.Append("</table>");
        }

        var devices = r.Observation.Devices;
        if (devices.Count > 0)
        {
            sb.Append("<table><tr><th>#</th><th>device</th><th>address</th><th>firmware</th><th>scope</th><th>state</th><th>reason</th></tr>");
            foreach (var d in devices.Take(TimelinesShown))
            {
                sb.Append("<tr><td>").Append(d.Index).Append("</td><td>").Append(E(d.Fqdn ?? d.Hostname)).Append("</td><td>").Append(E(d.Address))
                  .Append("</td><td>").Append(E(d.Firmware)).Append("</td><td>").Append(E(d.Scope)).Append("</td><td class=\"").Append(d.State == "post" ? "ok" : "fail").Append("\">")
                  .Append(E(d.State)).Append('/').Append(E(d.Mode)).Append("</td><td>").Append(E(d.Reason ?? "")).Append("</td></tr>");
                sb.Append("<tr><td></td><td colspan=\"6\"><div class=\"timeline\">");
                foreach (var ev in d.Timeline)
                {
                    sb.Append("<span class=\"ev").Append(ev.Ok ? "" : " bad").Append("\" title=\"").Append(E(ev.At.ToString("u", c))).Append("\"><b>")
                      .Append(E(ev.Kind)).Append("</b>").Append(E(ev.Text)).Append("</span>");
                }

                sb.Append("</div></td></tr>");
            }

            sb.Append("</table>");
            if (devices.Count > TimelinesShown)
            {
                sb.Append("<details><summary>").Append(devices.Count - TimelinesShown).Append(" more device(s): states</summary><table><tr><th>state</th><th>reason</th><th>devices</th></tr>");
                foreach (var g in devices.GroupBy(d => (d.State, d.Reason)).OrderByDescending(g => g.Count()))
                {
                    sb.Append("<tr><td>").Append(E(g.Key.State)).Append("</td><td>").Append(E(g.Key.Reason ?? "")).Append("</td><td>").Append(g.Count()).Append("</td></tr>");
                }

                sb.Append("</table></details>");
            }
        }

        sb.Append("<details open><summary>amtopmgr.log (").Append(r.Observation.ServerLog.Count).Append(" lines)</summary><pre>")
          .Append(E(r.Observation.ServerLogText)).Append("</pre></details></section>");
    }

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
