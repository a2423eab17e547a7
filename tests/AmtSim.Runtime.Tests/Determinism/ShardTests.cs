using AmtSim.Runtime.Determinism;
using AmtSim.Runtime.Errors;
using Xunit;

namespace AmtSim.Runtime.Tests.Determinism;

public sealed class ShardTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(1000, 7)]
    [InlineData(100_000, 20)]
    [InlineData(5, 8)]
    public void Shards_TileTheFleet_DisjointContiguousAndWithinOneOfEachOther(int total, int count)
    {
        var next = 0;
        var sizes = new List<int>();
        for (var i = 0; i < count; i++)
        {
            var (start, length) = new Shard(i, count).Range(total);
            Assert.Equal(next, start);
            next = start + length;
            sizes.Add(length);
            for (var index = start; index < start + length; index++)
            {
                Assert.True(new Shard(i, count).Contains(index, total));
                Assert.False(new Shard((i + 1) % count, count).Contains(index, total) && count > 1);
            }
        }

        Assert.Equal(total, next);
        Assert.True(sizes.Max() - sizes.Min() <= 1);
    }

    [Fact]
    public void Whole_AndDefault_HoldEveryIndex()
    {
        Assert.Equal((0, 42), Shard.Whole.Range(42));
        Assert.Equal((0, 42), default(Shard).Range(42));
        Assert.Equal("0/1", default(Shard).ToString());
    }

    [Theory]
    [InlineData("0/4", 0, 4)]
    [InlineData("3/4", 3, 4)]
    [InlineData("0/1", 0, 1)]
    public void Parse_ReadsIndexOverCount(string text, int index, int count)
    {
        var shard = Shard.Parse(text);
        Assert.Equal((index, count), (shard.Index, shard.Count));
        Assert.Equal(text, shard.ToString());
    }

    [Theory]
    [InlineData("4/4", "shard index must be 0 to 3")]
    [InlineData("1/0", "number of shards must be 1 to")]
    [InlineData("-1/4", "is not a shard")]
    [InlineData("1", "is not a shard")]
    [InlineData("a/b", "is not a shard")]
    [InlineData("/4", "is not a shard")]
    [InlineData("1/4/2", "is not a shard")]
    [InlineData("99999999999/4", "is not a shard")]
    public void Parse_RefusesWhatIsNotAShard_SayingWhatIsExpected(string text, string message)
    {
        var ex = Assert.Throws<InvalidInputException>(() => Shard.Parse(text));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("--shard", ex.Message, StringComparison.Ordinal);
    }
}
