using System.Text.Json;
using System.Text.RegularExpressions;
using AmtSim.Testing;
using AmtSim.Testing.Fixtures;
using Xunit;

namespace AmtSim.Cli.Tests.Commands;

/// <summary>
/// Shards as separate amtsim processes on one machine (issue 19): together they are exactly the
/// unsharded run (same devices, seeds, outcomes; pairwise disjoint), and their merged output is the
/// unsharded output apart from durations and the addresses of each process's own address block.
/// Address partitions 21-23 are this class's own (docs/ARCHITECTURE.md); the tests of one class run one at a time.
/// </summary>
public sealed partial class ShardCommandTests : IDisposable
{
    private const string Fleet = """
        name: shard-union
        seed: 23
        run-for: 2m
        network:
          scopes:
            - name: hq
              option15: contoso.com
              devices: 14
              firmware: { "11.8.50": 1, "16.1.25": 1 }
            - name: lab
              option15: fabrikam.com
              devices: 7
        expect:
          counts: { post: 14, pre: 7, DomainSuffixMismatch: 7 }
          log:
            - regex: '^Error: AMT device .+\.fabrikam\.com does not share a namespace with the out of band service point oobsp\.contoso\.com\.$'
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("amtsim-shard-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<ProgramResult> Amtsim(params string[] args)
        => ExternalProgram.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "amtsim.dll"), .. args], timeout: TimeSpan.FromMinutes(4), workingDirectory: RepoFixtures.RepositoryRoot);

    [Fact]
    public async Task Run_ThreeShardsAsProcesses_AreTheUnshardedRun_AndMergeGivesItsResult()
    {
        var scenario = Path.Combine(_dir, "fleet.yaml");
        await File.WriteAllTextAsync(scenario, Fleet);
        var whole = Path.Combine(_dir, "whole.json");
        var unsharded = await Amtsim("run", scenario, "--out", whole, "--work-dir", Path.Combine(_dir, "w"), "--partition", "21");
        Assert.True(unsharded.ExitCode == 0, unsharded.All);

        var shards = await Task.WhenAll(Enumerable.Range(0, 3).Select(i =>
            Amtsim("run", scenario, "--shard", $"{i}/3", "--out", Path.Combine(_dir, $"shard-{i}.json"), "--work-dir", Path.Combine(_dir, $"s{i}"), "--partition", $"{21 + i}")));
        Assert.All(shards, s => Assert.True(s.ExitCode == 0, s.All));
        Assert.All(shards, s => Assert.Contains("RAN ", s.StdOut, StringComparison.Ordinal));

        // Each shard holds its own contiguous part; together every device once.
        var parts = Enumerable.Range(0, 3).Select(i => Devices(Path.Combine(_dir, $"shard-{i}.json"))).ToList();
        Assert.Equal([0, 7, 14], parts.Select(p => p.Min(d => d.GetProperty("index").GetInt32())));
        var union = parts.SelectMany(p => p).Select(Outcome).ToList();
        Assert.Equal(union.Count, union.Distinct().Count());
        Assert.Equal(Devices(whole).Select(Outcome), union);

        var mergedPath = Path.Combine(_dir, "merged.json");
        var merge = await Amtsim("merge", Path.Combine(_dir, "shard-2.json"), Path.Combine(_dir, "shard-0.json"), Path.Combine(_dir, "shard-1.json"), "--out", mergedPath, "--junit", Path.Combine(_dir, "junit.xml"));
        Assert.True(merge.ExitCode == 0, merge.All);
        Assert.Contains("PASS  shard-union", merge.StdOut, StringComparison.Ordinal);

        var expected = Comparable(whole);
        var actual = Comparable(mergedPath);
        Assert.Equal(expected, actual);
        Assert.Contains("tests=\"1\"", await File.ReadAllTextAsync(Path.Combine(_dir, "junit.xml")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merge_WithAShardMissing_Exits3NamingIt()
    {
        var scenario = Path.Combine(_dir, "fleet.yaml");
        await File.WriteAllTextAsync(scenario, Fleet.Replace("devices: 14", "devices: 4", StringComparison.Ordinal).Replace("devices: 7", "devices: 2", StringComparison.Ordinal));
        var shard = await Amtsim("run", scenario, "--shard", "1/2", "--out", Path.Combine(_dir, "s1.json"), "--work-dir", Path.Combine(_dir, "s1"), "--partition", "21");
        Assert.True(shard.ExitCode == 0, shard.All);

        var merge = await Amtsim("merge", Path.Combine(_dir, "s1.json"));

        Assert.Equal(3, merge.ExitCode);
        Assert.Contains("missing: shard(s) 0/2", merge.StdOut, StringComparison.Ordinal);
        Assert.Contains("ERROR shard-union", merge.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ShardWithoutOut_Exits2SayingWhatToGive()
    {
        var result = await Amtsim("run", "scenarios/happy-path.yaml", "--shard", "0/2");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("give --out PATH", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchFleet_TwoShards_AreTheWholeFleet_AndBenchMergeChecksThey()
    {
        var whole = Path.Combine(_dir, "whole.json");
        var one = await Amtsim("bench", "fleet", "--devices", "6", "--seed", "4", "--shard", "0/1", "--out", whole, "--partition", "21");
        Assert.True(one.ExitCode == 0, one.All);
        var shards = await Task.WhenAll(Enumerable.Range(0, 2).Select(i =>
            Amtsim("bench", "fleet", "--devices", "6", "--seed", "4", "--shard", $"{i}/2", "--out", Path.Combine(_dir, $"b{i}.json"), "--partition", $"{22 + i}")));
        Assert.All(shards, s => Assert.True(s.ExitCode == 0, s.All));

        var parts = Enumerable.Range(0, 2).Select(i => Identities(Path.Combine(_dir, $"b{i}.json"))).ToList();
        Assert.Empty(parts[0].Intersect(parts[1]));
        Assert.Equal(Identities(whole), parts[0].Concat(parts[1]).ToArray());

        var merged = Path.Combine(_dir, "merged.json");
        var merge = await Amtsim("bench", "merge", Path.Combine(_dir, "b1.json"), Path.Combine(_dir, "b0.json"), "--out", merged);
        Assert.True(merge.ExitCode == 0, merge.All);
        using var figures = JsonDocument.Parse(await File.ReadAllTextAsync(merged));
        Assert.Equal(6, figures.RootElement.GetProperty("provisioned").GetInt32());
        Assert.Equal(2, figures.RootElement.GetProperty("processes").GetInt32());

        var twice = await Amtsim("bench", "merge", Path.Combine(_dir, "b0.json"), Path.Combine(_dir, "b0.json"));
        Assert.Equal(2, twice.ExitCode);
        Assert.Contains("given twice", twice.StdErr, StringComparison.Ordinal);
    }

    private static List<JsonElement> Devices(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.GetProperty("scenarios")[0].GetProperty("observation").GetProperty("devices").EnumerateArray().Select(e => e.Clone())];
    }

    private static string[] Identities(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.GetProperty("identities").EnumerateArray().Select(e => e.GetString()!)];
    }

    /// <summary>Who a device is and how it ended: identity, firmware, scope, state, mode, reason, alerts.</summary>
    private static string Outcome(JsonElement d) => string.Join('|',
        new[] { "index", "uuid", "hostname", "fqdn", "firmware", "scope", "state", "mode", "reason" }.Select(p => d.TryGetProperty(p, out var v) ? v.ToString() : "")
        .Append(d.GetProperty("alertsSent").ToString()));

    /// <summary>
    /// The output without what differs between any two runs: wall-clock durations and start times,
    /// run folders, and each process's own 127.x block and ephemeral ports. Devices by who they are
    /// and how they ended, the server's log line by line with its virtual times. (Device timelines
    /// are not compared here: whether two runs of one seed give the same timeline is a property of
    /// any run, sharded or not, tested on its own.)
    /// </summary>
    private static string Comparable(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var scenario = document.RootElement.GetProperty("scenarios")[0];
        var observation = scenario.GetProperty("observation");
        var lines = new List<string>
        {
            scenario.GetProperty("verdict").ToString(),
            scenario.GetProperty("failures").ToString(),
            observation.GetProperty("devicesInFleet").ToString(),
        };
        foreach (var device in observation.GetProperty("devices").EnumerateArray())
        {
            lines.Add(Outcome(device));
        }

        lines.AddRange(observation.GetProperty("serverLogLines").EnumerateArray().Select(l => Address().Replace(l.ToString(), "127.x")));
        lines.Add(observation.GetProperty("statusMessages").ToString());
        return string.Join('\n', lines);
    }

    [GeneratedRegex(@"127\.\d+\.\d+\.\d+(:\d+)?")]
    private static partial Regex Address();
}
