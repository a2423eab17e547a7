using System.Globalization;
using AmtSim.Scenarios.Model;

namespace AmtSim.Scenarios.Reports;

/// <summary>A scenario's expectations as one readable line each, for reports (what a passing scenario checked).</summary>
public static class ExpectationText
{
    public static IReadOnlyList<string> Describe(Expectations expect)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>();
        foreach (var d in expect.Devices)
        {
            var who = d.Index is { } i ? string.Create(c, $"device {i}") : d.Scope is { } s ? $"devices of scope '{s}'" : "every device";
            if (d.Index is not null && d.Scope is { } scope)
            {
                who += $" (scope '{scope}')";
            }

            var what = new[] { d.State is { } st ? $"state {st}" : null, d.Mode is { } m ? $"mode {m}" : null, d.Reason is { } r ? $"reason {r}" : null, d.Cira is { } cira ? $"CIRA {cira}" : null }.OfType<string>();
            lines.Add($"{who}: {string.Join(", ", what)}");
        }

        foreach (var (key, n) in expect.Counts)
        {
            lines.Add(string.Create(c, $"exactly {n} device(s) {(key is "pre" or "in" or "post" ? "in state" : "with reason")} {key}"));
        }

        for (var k = 0; k < expect.Log.Count; k++)
        {
            lines.Add(string.Create(c, $"log line {k + 1} of {expect.Log.Count} (in order): {Line(expect.Log[k])}"));
        }

        foreach (var absent in expect.LogAbsent)
        {
            lines.Add($"log never has: {Line(absent)}");
        }

        foreach (var s in expect.StatusMessages)
        {
            lines.Add(string.Create(c, $"status message {s.Id}: {(s.Max is { } max ? $"{s.Min} to {max}" : $"at least {s.Min}")} time(s)"));
        }

        foreach (var (alert, n) in expect.TlsAlerts)
        {
            lines.Add(string.Create(c, $"TLS alert {alert} sent {n} time(s)"));
        }

        return lines;
    }

    private static string Line(LogLineExpectation e) => e.IsRegex ? $"/{e.Text}/" : e.Text;
}
