using AmtSim.Scenarios.Reports;
using AmtSim.Scenarios.Running;
using Xunit;

namespace AmtSim.Scenarios.Tests.Reports;

/// <summary>The report's sequence diagram (issue 18 item 3): lanes, virtual-time order, faults marked, repeats folded.</summary>
public class SequenceDiagramTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ToRow_RefusedChain_IsAMarkedRedArrowFromTheDeviceToTheServer()
    {
        var row = SequenceDiagram.ToRow(new TimelineEvent(T0, "TLS", "IntermediateExpired: … (alert 46 sent)", false));

        Assert.Equal((0, 2, "#cf222e", true), (row.From, row.To, row.Colour, row.Marked));
    }

    [Theory]
    [InlineData("DHCP", true, 0, 1)]
    [InlineData("hello", true, 0, 2)]
    [InlineData("WS-Man", true, 2, 0)]
    [InlineData("TLS", true, 2, 0)]
    [InlineData("state", true, 0, 0)]
    public void ToRow_Kinds_GoBetweenTheirLanes(string kind, bool ok, int from, int to)
    {
        var row = SequenceDiagram.ToRow(new TimelineEvent(T0, kind, "x", ok));

        Assert.Equal((from, to), (row.From, row.To));
    }

    [Fact]
    public void ToRow_CaPendingThenIssued_GoesToTheCaAndBack()
    {
        var pending = SequenceDiagram.ToRow(new TimelineEvent(T0, "CA", "certificate request (template T v2): pending, Taken Under Submission", false));
        var issued = SequenceDiagram.ToRow(new TimelineEvent(T0, "CA", "certificate request issued by a CA manager", true));

        Assert.Equal((2, 3, true), (pending.From, pending.To, pending.Marked));
        Assert.Equal((3, 2, false), (issued.From, issued.To, issued.Marked));
    }

    [Fact]
    public void Render_RepeatedLookupAndHelloCycle_IsFoldedWithItsCountAndTheOutcomeEndsIt()
    {
        var timeline = new List<TimelineEvent> { new(T0, "boot", "boot", true) };
        for (var i = 0; i < 18; i++)
        {
            timeline.Add(new(T0.AddMinutes(i), "lookup", "lookup provisionserver.fabrikam.com: found 127.0.0.2", true));
            timeline.Add(new(T0.AddMinutes(i), "hello", $"hello #{i} (retry count {i}): Delivered", true));
        }

        var svg = SequenceDiagram.Render(timeline, "pre, DomainSuffixMismatch");

        Assert.StartsWith("<svg class=\"sequence\"", svg, StringComparison.Ordinal);
        Assert.Equal(2 * 2, CountOf(svg, "(&#215;18)")); // two folded rows, each in its text and its tooltip
        Assert.Contains("✗ end: pre, DomainSuffixMismatch", svg, StringComparison.Ordinal);
        Assert.Equal(4 + 2, CountOf(svg, "<line x1=\"")); // four lifelines, then one arrow per folded row: lookup and hello
    }

    [Fact]
    public void Render_RowsKeepVirtualTimeOrderWithOffsets()
    {
        var svg = SequenceDiagram.Render([new(T0, "hello", "hello #0", true), new(T0.AddSeconds(75), "TLS", "accepted from 127.0.0.2", true), new(T0.AddHours(2), "state", "In → Post", true)]);

        var a = svg.IndexOf("+0:00:00", StringComparison.Ordinal);
        var b = svg.IndexOf("+0:01:15", StringComparison.Ordinal);
        var c = svg.IndexOf("+2:00:00", StringComparison.Ordinal);
        Assert.True(a >= 0 && a < b && b < c, svg);
    }

    private static int CountOf(string text, string part)
    {
        var n = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }
}
