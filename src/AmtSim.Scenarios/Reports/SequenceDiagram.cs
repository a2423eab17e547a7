using System.Globalization;
using System.Net;
using System.Text;
using AmtSim.Scenarios.Running;

namespace AmtSim.Scenarios.Reports;

/// <summary>
/// A device's timeline as a sequence diagram (inline SVG, like a Wireshark flow graph; issue 18
/// item 3): four lanes (the device, DHCP/DNS, the provisioning server, the enterprise CA), one
/// arrow per event in virtual-time order with its offset from the first event, faults (a refused
/// chain and its TLS alert, a timeout, a refused login, a CA request left pending or refused) in
/// red with a cross. Runs of the same event (the hourly hellos of a refused device) are one row
/// with a count; a very long timeline keeps its head and tail.
/// </summary>
public static class SequenceDiagram
{
    public const int MaxRows = 60;

    private const int TimeColumn = 86, LaneGap = 190, Top = 40, RowHeight = 24;
    private static readonly string[] Lanes = ["device", "DHCP / DNS", "provisioning server", "enterprise CA"];
    private const string Fault = "#cf222e", Ok = "#1f883d", Plain = "#57606a", Waiting = "#bf8700";

    private const int Device = 0, Network = 1, Server = 2, Ca = 3;

    /// <summary>One arrow (or a note on one lane when From == To).</summary>
    internal sealed record Row(DateTimeOffset At, int From, int To, string Label, string Colour, bool Marked, int Count = 1);

    /// <param name="outcome">The device's end when it is not provisioned (its state and reason): a closing fault note on the server's lane, for refusals the device itself never sees (a namespace mismatch, no PTR record).</param>
    public static string Render(IReadOnlyList<TimelineEvent> timeline, string? outcome = null)
    {
        var rows = Trim(Collapse([.. timeline.Select(ToRow)]));
        if (outcome is not null && timeline.Count > 0)
        {
            rows.Add(new Row(timeline[^1].At, Server, Server, "end: " + outcome, Fault, true));
        }

        var c = CultureInfo.InvariantCulture;
        var width = TimeColumn + (LaneGap * Lanes.Length);
        var height = Top + (rows.Count * RowHeight) + 16;
        var sb = new StringBuilder();
        sb.Append(c, $"<svg class=\"sequence\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"sequence diagram\">");
        sb.Append("<defs>");
        foreach (var (name, colour) in new[] { ("plain", Plain), ("ok", Ok), ("fault", Fault), ("waiting", Waiting) })
        {
            sb.Append(c, $"<marker id=\"arrow-{name}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\" fill=\"{colour}\"/></marker>");
        }

        sb.Append("</defs>");
        for (var lane = 0; lane < Lanes.Length; lane++)
        {
            var x = LaneX(lane);
            sb.Append(c, $"<rect x=\"{x - 80}\" y=\"2\" width=\"160\" height=\"22\" rx=\"4\" fill=\"#eef1f5\" stroke=\"#d5dae1\"/>")
              .Append(c, $"<text x=\"{x}\" y=\"17\" text-anchor=\"middle\" font-weight=\"600\">{Lanes[lane]}</text>")
              .Append(c, $"<line x1=\"{x}\" y1=\"24\" x2=\"{x}\" y2=\"{height - 4}\" stroke=\"#d5dae1\" stroke-dasharray=\"4 3\"/>");
        }

        var start = rows.Count > 0 ? rows[0].At : default;
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var y = Top + (i * RowHeight) + 14;
            var offset = r.At - start;
            sb.Append(c, $"<text x=\"2\" y=\"{y}\" fill=\"#5b6473\">+{(int)offset.TotalHours}:{offset.Minutes:00}:{offset.Seconds:00}</text>");
            var count = r.Count > 1 ? $" (×{r.Count})" : "";
            var label = (r.Marked ? "✗ " : "") + r.Label;
            var shown = (label.Length > 52 ? label[..51] + "…" : label) + count;
            label += count;
            var marker = r.Colour switch { Fault => "fault", Ok => "ok", Waiting => "waiting", _ => "plain" };
            if (r.From == r.To)
            {
                var x = LaneX(r.From);
                sb.Append(c, $"<g><title>{E(r.At.ToString("u", c))}: {E(label)}</title><rect x=\"{x - 6}\" y=\"{y - 9}\" width=\"12\" height=\"12\" rx=\"2\" fill=\"{r.Colour}\"/>")
                  .Append(c, $"<text x=\"{x + 10}\" y=\"{y + 1}\" fill=\"{r.Colour}\">{E(shown)}</text></g>");
                continue;
            }

            var (x1, x2) = (LaneX(r.From), LaneX(r.To));
            var textX = Math.Min(x1, x2) + 6;
            sb.Append(c, $"<g><title>{E(r.At.ToString("u", c))}: {E(label)}</title>")
              .Append(c, $"<line x1=\"{x1}\" y1=\"{y + 4}\" x2=\"{x2}\" y2=\"{y + 4}\" stroke=\"{r.Colour}\" stroke-width=\"{(r.Marked ? 2 : 1.3)}\" marker-end=\"url(#arrow-{marker})\"/>")
              .Append(c, $"<text x=\"{textX}\" y=\"{y}\" fill=\"{r.Colour}\">{E(shown)}</text></g>");
        }

        sb.Append("</svg>");
        return sb.ToString();
    }

    private static int LaneX(int lane) => TimeColumn + (LaneGap / 2) + (lane * LaneGap);

    /// <summary>Where an event goes: who sends to whom, in which colour, whether it is a fault.</summary>
    internal static Row ToRow(TimelineEvent e)
    {
        var colour = e.Ok ? Plain : Fault;
        return e.Kind switch
        {
            "boot" => new(e.At, Device, Device, e.Text, colour, !e.Ok),
            "DHCP" or "lookup" => new(e.At, Device, Network, $"{e.Kind}: {e.Text}", colour, !e.Ok),
            "hello" => new(e.At, Device, Server, e.Text, colour, !e.Ok),
            "TLS" when e.Ok => new(e.At, Server, Device, "TLS with the provisioning chain: " + e.Text, Ok, false),
            "TLS" => new(e.At, Device, Server, "TLS refused: " + e.Text, Fault, true),
            "WS-Man" => new(e.At, Server, Device, e.Text, colour, !e.Ok),
            "auth" => new(e.At, Server, Device, "login refused: " + e.Text, Fault, true),
            "CA" when e.Text.Contains("pending", StringComparison.Ordinal) => new(e.At, Server, Ca, e.Text, Waiting, true),
            "CA" when e.Text.Contains("issued by", StringComparison.Ordinal) => new(e.At, Ca, Server, e.Text, Ok, false),
            "CA" when !e.Ok => new(e.At, Ca, Server, e.Text, Fault, true),
            "CA" => new(e.At, Server, Ca, e.Text, Ok, false),
            "state" => new(e.At, Device, Device, "state " + e.Text, Ok, false),
            _ => new(e.At, Device, Device, $"{e.Kind}: {e.Text}", colour, !e.Ok),
        };
    }

    /// <summary>
    /// Repeats become one row with a count: the same arrow again (hello after hello), or the same
    /// cycle of up to four arrows again (lookup, lookup, hello, every hour of a hello window).
    /// </summary>
    private static List<Row> Collapse(List<Row> rows)
    {
        var result = new List<Row>();
        var i = 0;
        while (i < rows.Count)
        {
            var folded = false;
            for (var k = 1; k <= 4 && !folded; k++)
            {
                if (result.Count >= k && i + k <= rows.Count && Enumerable.Range(0, k).All(j => Same(result[result.Count - k + j], rows[i + j])))
                {
                    for (var j = 0; j < k; j++)
                    {
                        var at = result.Count - k + j;
                        result[at] = result[at] with { Count = result[at].Count + 1 };
                    }

                    i += k;
                    folded = true;
                }
            }

            if (!folded)
            {
                result.Add(rows[i]);
                i++;
            }
        }

        return result;
    }

    private static bool Same(Row a, Row b) => a.From == b.From && a.To == b.To && a.Colour == b.Colour && a.From != a.To && Shape(a.Label) == Shape(b.Label);

    /// <summary>A label without its digits: "hello #3 to …" and "hello #4 to …" are the same message.</summary>
    private static string Shape(string label) => new([.. label.Where(ch => !char.IsAsciiDigit(ch))]);

    private static List<Row> Trim(List<Row> rows)
    {
        if (rows.Count <= MaxRows)
        {
            return rows;
        }

        var head = rows.Take(MaxRows / 2).ToList();
        var tail = rows.Skip(rows.Count - (MaxRows / 2) + 1).ToList();
        return [.. head, new Row(tail[0].At, Device, Device, $"… {rows.Count - head.Count - tail.Count} more rows …", Plain, false), .. tail];
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
