using System.Text.Json;
using AmtSim.Testing;
using AmtSim.Testing.Fixtures;
using Xunit;

namespace AmtSim.Cli.Tests.Commands;

/// <summary><c>amtsim bench fleet</c> end to end on a small fleet: it provisions every device and writes its figures (never asserted on).</summary>
public sealed class BenchCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amtsim-bench-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task BenchFleet_ThreeDevicesWithAllocationSampling_ProvisionsAllAndWritesTheFigures()
    {
        var json = Path.Combine(_dir, "bench.json");

        var result = await ExternalProgram.RunAsync("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "amtsim.dll"), "bench", "fleet", "--devices", "3", "--concurrency", "2", "--allocations", "--partition", "20", "--out", json, "--json"],
            timeout: TimeSpan.FromMinutes(3), workingDirectory: RepoFixtures.RepositoryRoot);

        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        using var figures = JsonDocument.Parse(File.ReadAllText(json));
        var root = figures.RootElement;
        Assert.Equal(3, root.GetProperty("devices").GetInt32());
        Assert.Equal(3, root.GetProperty("provisioned").GetInt32());
        Assert.Equal(2, root.GetProperty("concurrency").GetInt32());
        Assert.True(root.GetProperty("allocatedBytesPerDevice").GetInt64() > 0);
        Assert.NotEmpty(root.GetProperty("topAllocations").EnumerateArray());

        // --json: the same figures on standard output, alone; progress with a rate on standard error (issue 18 item 7).
        using var printed = JsonDocument.Parse(result.StdOut);
        Assert.Equal(3, printed.RootElement.GetProperty("provisioned").GetInt32());
        Assert.Contains("bench: provisioned: 3/3, ", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchFleet_TwoProcesses_EachProvisionsItsSliceAndTheFiguresAreMerged()
    {
        var json = Path.Combine(_dir, "bench-2.json");

        var result = await ExternalProgram.RunAsync("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "amtsim.dll"), "bench", "fleet", "--devices", "5", "--processes", "2", "--partition", "9", "--out", json],
            timeout: TimeSpan.FromMinutes(3), workingDirectory: RepoFixtures.RepositoryRoot);

        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        Assert.Contains("[0] bench: 3 device(s)", result.StdErr);
        Assert.Contains("[1] bench: 2 device(s)", result.StdErr);
        using var figures = JsonDocument.Parse(File.ReadAllText(json));
        var root = figures.RootElement;
        Assert.Equal(2, root.GetProperty("processes").GetInt32());
        Assert.Equal(5, root.GetProperty("devices").GetInt32());
        Assert.Equal(5, root.GetProperty("provisioned").GetInt32());
        Assert.False(root.TryGetProperty("latencies", out _));
    }

    [Fact]
    public async Task BenchFleet_NegativeConcurrency_Exits2WithTheRule()
    {
        var result = await ExternalProgram.RunAsync("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "amtsim.dll"), "bench", "fleet", "--concurrency", "-1"],
            timeout: TimeSpan.FromMinutes(1), workingDirectory: RepoFixtures.RepositoryRoot);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--concurrency must be 0 (no limit) or more", result.StdErr + result.StdOut);
    }
}
