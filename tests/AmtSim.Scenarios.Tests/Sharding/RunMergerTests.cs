using AmtSim.Runtime.Determinism;
using AmtSim.Runtime.Errors;
using AmtSim.Scenarios.Running;
using AmtSim.Scenarios.Sharding;
using Xunit;

namespace AmtSim.Scenarios.Tests.Sharding;

/// <summary>The merge of shard outputs on hand-made observations (the process-level union test is in the CLI tests).</summary>
public sealed class RunMergerTests
{
    private const string Yaml = """
        name: merge-me
        seed: 9
        run-for: 1m
        network:
          scopes:
            - name: hq
              option15: contoso.com
              devices: 4
        expect:
          counts: { post: 4 }
          log:
            - "Start"
            - "device 0 done"
            - "device 3 done"
        """;

    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static DeviceObservation Device(int index, string state = "post") => new()
    {
        Index = index,
        Uuid = new Guid(index + 1, 0, 0, new byte[8]),
        Hostname = $"d{index}",
        Address = $"127.1.0.{index + 1}",
        Firmware = "16.1.25",
        Scope = "hq",
        State = state,
        Mode = state == "post" ? "admin" : "none",
    };

    private static (string, RunDocument) Output(int shard, int count, params int[] devices)
    {
        var lines = new List<ServerLogLine> { new(T0, "", "Start") };
        lines.AddRange(devices.Select(i => new ServerLogLine(T0.AddSeconds(i), $"uuid-{i}", $"device {i} done")));
        var observation = new RunObservation
        {
            Devices = [.. devices.Select(i => Device(i))],
            ServerLog = [.. lines.Select(l => l.Text)],
            ServerLogLines = lines,
            DevicesInFleet = 4,
            Shard = new Shard(shard, count),
            StatusMessages = [new ObservedStatusMessage(T0, 7700, "started")],
        };
        var scenario = AmtSim.Scenarios.Loading.ScenarioLoader.Parse(Yaml, "merge-me.yaml");
        var result = new ScenarioResult { Scenario = scenario, Seed = 9, Verdict = Verdict.Partial, WallTime = TimeSpan.FromSeconds(shard + 1), StartedAt = T0, Observation = observation };
        var document = RunDocument.From(new Shard(shard, count), null, T0, T0.AddSeconds(10 + shard), [result]);

        // Through JSON, as merge reads it from the shards' files.
        return ($"s{shard}.json", RunDocument.Parse(document.ToJson(), $"s{shard}.json"));
    }

    [Fact]
    public void Merge_OfEveryShard_IsOneRun_ExpectationsOverTheWholeFleet_ServerLinesOnce()
    {
        var merged = RunMerger.Merge([Output(1, 2, 2, 3), Output(0, 2, 0, 1)]);

        Assert.Empty(merged.Missing);
        var result = Assert.Single(merged.Results);
        Assert.Equal(Verdict.Passed, result.Verdict);
        Assert.Equal([0, 1, 2, 3], result.Observation.Devices.Select(d => d.Index));
        Assert.Equal(["Start", "device 0 done", "device 1 done", "device 2 done", "device 3 done"], result.Observation.ServerLog);
        Assert.Single(result.Observation.StatusMessages);
        Assert.Equal(TimeSpan.FromSeconds(2), result.WallTime);
        Assert.Equal(T0.AddSeconds(11), merged.EndedAt);
    }

    [Fact]
    public void Merge_WithAShardMissing_NamesIt_AndNeverPasses()
    {
        var merged = RunMerger.Merge([Output(0, 3, 0), Output(2, 3, 3)]);

        Assert.Equal([1], merged.Missing);
        var result = Assert.Single(merged.Results);
        Assert.Equal(Verdict.Error, result.Verdict);
        Assert.Contains("shard(s) 1/3 missing", result.Error, StringComparison.Ordinal);
        Assert.Contains("2 of 4 device(s)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_ExpectationsFailOnTheMergedFleet()
    {
        var (name, document) = Output(1, 2, 2, 3);
        var scenario = document.Scenarios[0];
        var failing = document with
        {
            Scenarios = [scenario with { Observation = scenario.Observation with { Devices = [Device(2), Device(3, "pre")] } }],
        };

        var result = Assert.Single(RunMerger.Merge([Output(0, 2, 0, 1), (name, failing)]).Results);

        Assert.Equal(Verdict.Failed, result.Verdict);
        var failure = Assert.Single(result.Failures);
        Assert.Equal("number of devices in state post", failure.What);
        Assert.Equal("3", failure.Actual);
    }

    [Fact]
    public void Merge_RefusesOutputsThatAreNotOneSplit()
    {
        Assert.Contains("given twice", Assert.Throws<InvalidInputException>(() => RunMerger.Merge([Output(0, 2, 0, 1), Output(0, 2, 0, 1)])).Message, StringComparison.Ordinal);
        Assert.Contains("not of the same split", Assert.Throws<InvalidInputException>(() => RunMerger.Merge([Output(0, 2, 0, 1), Output(1, 3, 2)])).Message, StringComparison.Ordinal);
        Assert.Contains("device 1 is also in", Assert.Throws<InvalidInputException>(() => RunMerger.Merge([Output(0, 2, 0, 1), Output(1, 2, 1, 2, 3)])).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "not an amtsim run output")]
    [InlineData("[]", "not an amtsim run output")]
    [InlineData("{\"format\":\"other/9\"}", "is not amtsim-run/1")]
    [InlineData("{\"format\":\"amtsim-run/1\",\"shard\":\"5/2\"}", "shard index must be 0 to 1")]
    public void Parse_RefusesWhatIsNotARunOutput_NamingTheFile(string json, string message)
    {
        var ex = Assert.Throws<InvalidInputException>(() => RunDocument.Parse(json, "x.json"));
        Assert.StartsWith("x.json: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
