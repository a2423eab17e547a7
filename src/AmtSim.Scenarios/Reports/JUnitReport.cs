using System.Globalization;
using System.Text;
using System.Xml;
using AmtSim.Scenarios.Running;

namespace AmtSim.Scenarios.Reports;

/// <summary>JUnit XML for CI systems: one testsuite "amtsim", one testcase per scenario; a failure lists every unmet expectation and the replay command.</summary>
public static class JUnitReport
{
    public static string Render(IReadOnlyList<ScenarioResult> results)
    {
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false }))
        {
            var c = CultureInfo.InvariantCulture;
            w.WriteStartElement("testsuites");
            w.WriteStartElement("testsuite");
            w.WriteAttributeString("name", "amtsim");
            w.WriteAttributeString("tests", results.Count.ToString(c));
            w.WriteAttributeString("failures", results.Count(r => r.Verdict == Verdict.Failed).ToString(c));
            w.WriteAttributeString("errors", results.Count(r => r.Verdict == Verdict.Error).ToString(c));
            w.WriteAttributeString("skipped", results.Count(r => r.Verdict == Verdict.Skipped).ToString(c));
            w.WriteAttributeString("time", results.Sum(r => r.WallTime.TotalSeconds).ToString("0.000", c));
            foreach (var r in results)
            {
                w.WriteStartElement("testcase");
                w.WriteAttributeString("classname", "amtsim.scenarios");
                w.WriteAttributeString("name", r.Scenario.Name);
                w.WriteAttributeString("file", r.Scenario.File);
                w.WriteAttributeString("time", r.WallTime.TotalSeconds.ToString("0.000", c));
                if (r.Verdict == Verdict.Failed)
                {
                    w.WriteStartElement("failure");
                    w.WriteAttributeString("message", $"{r.Failures.Count} expectation(s) not met (seed {r.Seed})");
                    w.WriteString(string.Join('\n', r.Failures.Select(f => $"{f.What}: expected {f.Expected}; actual {f.Actual}")) + $"\nreplay: {r.ReplayCommand}");
                    w.WriteEndElement();
                }
                else if (r.Verdict == Verdict.Skipped)
                {
                    w.WriteStartElement("skipped");
                    w.WriteAttributeString("message", r.Error ?? "skipped");
                    w.WriteEndElement();
                }
                else if (r.Verdict == Verdict.Error)
                {
                    w.WriteStartElement("error");
                    w.WriteAttributeString("message", r.Error ?? "setup error");
                    w.WriteString($"replay: {r.ReplayCommand}");
                    w.WriteEndElement();
                }

                w.WriteStartElement("system-out");
                w.WriteString(r.Observation.ServerLogText);
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
        }

        return sb.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }
}
