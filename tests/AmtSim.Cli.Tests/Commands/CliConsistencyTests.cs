using System.Text.Json;
using AmtSim.Cli.Terminal;
using AmtSim.Runtime.Time;
using AmtSim.Testing;
using AmtSim.Testing.Fixtures;
using Xunit;

namespace AmtSim.Cli.Tests.Commands;

/// <summary>
/// One CLI (issue 18 item 7): <c>--devices</c> is the fleet size everywhere and an old
/// <c>--count</c> says so; <c>--json</c> is a switch that prints camelCase JSON on standard output;
/// long commands report progress with a rate and the time left.
/// </summary>
public class CliConsistencyTests
{
    private static Task<ProgramResult> Amtsim(params string[] args)
        => ExternalProgram.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "amtsim.dll"), .. args], timeout: TimeSpan.FromMinutes(1), workingDirectory: RepoFixtures.RepositoryRoot);

    [Theory]
    [InlineData("fleet", "--count", "3")]
    [InlineData("fleet", "--count=3")]
    [InlineData("device", "serve", "--count", "3")]
    public async Task OldCount_Exits2SayingUseDevices(params string[] args)
    {
        var result = await Amtsim(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--count is now --devices", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("use --devices N", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchJsonWithAPath_Exits2SayingUseOut()
    {
        var result = await Amtsim("bench", "fleet", "--devices", "2", "--json", "figures.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("write the figures to a file with --out PATH", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FleetDevicesJson_PrintsCamelCaseJsonOnStdout()
    {
        var result = await Amtsim("fleet", "--devices", "2", "--seed", "3", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StdOut);
        AssertCamelCase(json.RootElement, "$");
        Assert.Equal(2, json.RootElement.GetProperty("devices").GetArrayLength());
    }

    [Fact]
    public async Task DiagnoseJson_PrintsCamelCaseJsonOnStdout()
    {
        var result = await Amtsim("diagnose", Path.Combine("fixtures", "logs", "amtsim-happy-path.cmtrace.log"), "--json");

        using var json = JsonDocument.Parse(result.StdOut);
        AssertCamelCase(json.RootElement, "$");
    }

    [Fact]
    public void ProgressLine_Describe_GivesDoneRateAndTimeLeft()
    {
        Assert.Equal("bench: 50/100, 25/s, about 2 s left", ProgressLine.Describe("bench", 50, 100, TimeSpan.FromSeconds(2)));
        Assert.Equal("bench: 100/100, 50/s, done", ProgressLine.Describe("bench", 100, 100, TimeSpan.FromSeconds(2)));
        Assert.Equal("run: 20/2000, 0.1/s, about 330 min 0 s left", ProgressLine.Describe("run", 20, 2000, TimeSpan.FromSeconds(200)));
        // A fleet booting at once: its first device finishes after seconds, which is no rate yet.
        Assert.Equal("bench: 1/2000, estimating", ProgressLine.Describe("bench", 1, 2000, TimeSpan.FromSeconds(5.9)));
        Assert.Equal("bench: 19/2000, estimating", ProgressLine.Describe("bench", 19, 2000, TimeSpan.FromSeconds(6)));
    }

    [Fact]
    public void ProgressLine_NotATerminal_WritesALineAtEachQuarterOnly()
    {
        var clock = new VirtualTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var output = new StringWriter();
        var line = new ProgressLine("bench: provisioned", output, live: false, clock);

        for (var i = 1; i <= 8; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            line.Report((i, 8));
        }

        Assert.Equal(
            ["bench: provisioned: 1/8, 1/s, about 7 s left", "bench: provisioned: 2/8, 1/s, about 6 s left", "bench: provisioned: 4/8, 1/s, about 4 s left", "bench: provisioned: 6/8, 1/s, about 2 s left", "bench: provisioned: 8/8, 1/s, done"],
            output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void ProgressLine_CountsReportedOutOfOrder_KeepTheRateOfTheRunNotOfAFreshStart()
    {
        var clock = new VirtualTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var output = new StringWriter();
        var line = new ProgressLine("bench: provisioned", output, live: false, clock);

        clock.Advance(TimeSpan.FromSeconds(4));
        line.Report((3, 8));
        line.Report((2, 8)); // another thread's earlier count, arriving late
        clock.Advance(TimeSpan.FromSeconds(4));
        line.Report((6, 8));

        Assert.Equal(
            ["bench: provisioned: 3/8, 0.8/s, about 7 s left", "bench: provisioned: 6/8, 0.8/s, about 3 s left"],
            output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void ProgressLine_FirstTwoCountsSwapped_PrintsOnlyTheLaterOne()
    {
        // Seen in a 2000-device run: "2/2000, estimating" then "1/2000, estimating".
        var clock = new VirtualTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var output = new StringWriter();
        var line = new ProgressLine("bench: provisioned", output, live: false, clock);

        clock.Advance(TimeSpan.FromSeconds(4));
        line.Report((2, 2000));
        line.Report((1, 2000));

        Assert.Equal(["bench: provisioned: 2/2000, estimating"], output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void ProgressLine_NextFleetOfTheSameSize_StartsItsOwnRate()
    {
        var clock = new VirtualTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var output = new StringWriter();
        var line = new ProgressLine("run", output, live: false, clock);

        clock.Advance(TimeSpan.FromSeconds(8));
        line.Report((8, 8));
        clock.Advance(TimeSpan.FromSeconds(1));
        line.Report((1, 8));

        Assert.Equal(["run: 8/8, 1/s, done", "run: 1/8, estimating"], output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static void AssertCamelCase(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in element.EnumerateObject())
            {
                Assert.True(p.Name.Length > 0 && !char.IsUpper(p.Name[0]), $"{path}.{p.Name} is not camelCase");
                AssertCamelCase(p.Value, $"{path}.{p.Name}");
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                AssertCamelCase(item, $"{path}[{i++}]");
            }
        }
    }
}
