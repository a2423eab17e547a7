using AmtSim.Benchmarks.Fleet;
using Xunit;

namespace AmtSim.Benchmarks.Tests.Fleet;

/// <summary>The processes of a multi-process fleet benchmark are shards of one fleet and seed (issue 19): one way to split a fleet.</summary>
public sealed class MultiProcessShardTests
{
    [Fact]
    public void BenchFleet_Processes_AreShardsOfOneSeed()
    {
        var bench = new FleetBenchmarkOptions { Devices = 10, Seed = 77, Partition = 3 };

        var args = Enumerable.Range(0, 3).Select(i => MultiProcessFleetBenchmark.ChildArguments(bench, i, 3, "x.json")).ToList();

        Assert.All(args, a => Assert.Equal("10", a[a.IndexOf("--devices") + 1]));
        Assert.All(args, a => Assert.Equal("77", a[a.IndexOf("--seed") + 1]));
        Assert.Equal(["0/3", "1/3", "2/3"], args.Select(a => a[a.IndexOf("--shard") + 1]));
        Assert.Equal(["3", "4", "5"], args.Select(a => a[a.IndexOf("--partition") + 1]));
    }

}
