using System.Text;
using AmtSim.Protocol.Wsman;
using Xunit;

namespace AmtSim.Protocol.Tests.Wsman;

/// <summary>Writers of one thread reuse one builder (issue 20); what each writes stays its own.</summary>
public sealed class CompactXmlWriterTests
{
    [Fact]
    public void A_writer_after_another_writes_only_its_own_text()
    {
        var first = new CompactXmlWriter().Element("a:Long", new string('x', 3000)).ToUtf8();
        var second = new CompactXmlWriter().Element("b:Short", "y").ToUtf8();

        Assert.Equal("<a:Long>" + new string('x', 3000) + "</a:Long>", Encoding.UTF8.GetString(first));
        Assert.Equal("<b:Short>y</b:Short>", Encoding.UTF8.GetString(second));
    }

    [Fact]
    public void Two_writers_open_at_once_do_not_share_a_builder()
    {
        var outer = new CompactXmlWriter().Start("o");
        var inner = new CompactXmlWriter().Element("i", "1");
        outer.Element("p", "2");

        Assert.Equal("<i>1</i>", Encoding.UTF8.GetString(inner.ToUtf8()));
        Assert.Equal("<o><p>2</p></o>", Encoding.UTF8.GetString(outer.End("o").ToUtf8()));
    }

    [Fact]
    public void A_writer_turned_into_bytes_refuses_more_text()
    {
        var writer = new CompactXmlWriter().Element("a", "1");
        _ = writer.ToUtf8();
        _ = new CompactXmlWriter().Element("b", "2");

        var refused = Assert.Throws<InvalidOperationException>(() => writer.Element("c", "3"));
        Assert.Contains("already turned into bytes", refused.Message, StringComparison.Ordinal);
    }
}
