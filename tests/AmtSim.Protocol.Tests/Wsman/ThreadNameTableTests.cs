using AmtSim.Protocol.Wsman;
using Xunit;

namespace AmtSim.Protocol.Tests.Wsman;

/// <summary>The readers of one thread share a name table, which stays bounded under invented names (issue 20).</summary>
public sealed class ThreadNameTableTests
{
    [Fact]
    public void A_second_envelope_of_the_same_shape_adds_no_names()
    {
        var body = WsmanSamples.Bytes(WsmanSamples.PrefixedStyle(WsmanActions.Get, WsmanSamples.SoftwareIdentityUri, "<sharedNameProbe/>"));
        var first = WsmanRequest.Parse(body);
        var table = (ThreadNameTable)ThreadNameTable.Current();
        var names = table.Names;
        Assert.Same(table.Get("sharedNameProbe"), first.Body?.LocalName);

        var second = WsmanRequest.Parse(body);

        Assert.Same(table, ThreadNameTable.Current());
        Assert.Equal(names, table.Names);
        Assert.Equal(first.Action, second.Action);
        Assert.Equal(first.ResourceUri, second.ResourceUri);
    }

    [Fact]
    public void Invented_names_make_the_next_reader_take_a_new_table()
    {
        var table = (ThreadNameTable)ThreadNameTable.Current();
        var names = string.Concat(Enumerable.Range(0, ThreadNameTable.MaxNames + 1).Select(i => $"<x{i}/>"));
        var body = WsmanSamples.Bytes(WsmanSamples.PrefixedStyle(WsmanActions.Get, WsmanSamples.SoftwareIdentityUri, $"<y>{names}</y>"));

        var parsed = WsmanRequest.Parse(body, WsmanXmlLimits.Default with { MaxElements = ThreadNameTable.MaxNames + 64 });

        Assert.Equal("y", parsed.Body?.LocalName);
        Assert.True(table.Names > ThreadNameTable.MaxNames);
        var next = (ThreadNameTable)ThreadNameTable.Current();
        Assert.NotSame(table, next);
        Assert.True(next.Names < 64);
    }
}
