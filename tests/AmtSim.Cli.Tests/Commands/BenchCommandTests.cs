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
        // The boot (world build, setup certificates, leases, listeners) is measured on its own, before the wall clock.
        Assert.True(root.GetProperty("bootSeconds").GetDouble() > 0);
        Assert.True(root.GetProperty("bootCpuMsPerDevice").GetDouble() > 0);

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
    public async Task BenchFleet_Profile_BreaksTheCpuDownByPhaseWithOneEntryPerRsaOperation()
    {
        var json = Path.Combine(_dir, "bench-profile.json");

        var result = await ExternalProgram.RunAsync("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "amtsim.dll"), "bench", "fleet", "--devices", "3", "--concurrency", "2", "--profile", "--allocations", "--partition", "20", "--out", json],
            timeout: TimeSpan.FromMinutes(3), workingDirectory: RepoFixtures.RepositoryRoot);

        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        Assert.Contains("profile per device: phase, CPU ms", result.StdOut, StringComparison.Ordinal);
        // The text summary carries the allocation figures too, not only the JSON: the total and, with --allocations, the sampled types.
        Assert.Matches(@"ms per device \([0-9.]+ up to the last provisioned\), [1-9][0-9]* KiB allocated per device", result.StdOut);
        Assert.Contains("sampled allocation per device by type", result.StdOut, StringComparison.Ordinal);
        Assert.Matches(@"\n +[0-9.]+ +[0-9.]+ %  System\.Byte\[\]", result.StdOut);
        using var figures = JsonDocument.Parse(File.ReadAllText(json));
        var root = figures.RootElement;
        var rows = root.GetProperty("profile").EnumerateArray().ToDictionary(r => r.GetProperty("phase").GetString()!);
        Assert.Equal(
            ["DeviceNetwork", "DeviceTls", "DeviceChainValidation", "DeviceHttp", "DeviceWsman", "ClientTls", "ClientWsman", "CaIssue", "RsaPrivateKey", "VirtualClock", "unattributed"],
            rows.Keys);
        // Every RSA private-key operation of a provisioning is entered once: the figure the RSA-bound ratio is built on.
        Assert.Equal(root.GetProperty("rsaOpsPerDevice").GetInt32(), rows["RsaPrivateKey"].GetProperty("entriesPerDevice").GetDouble());
        Assert.Equal(1.0, rows["DeviceChainValidation"].GetProperty("entriesPerDevice").GetDouble());
        Assert.Equal(1.0, rows["CaIssue"].GetProperty("entriesPerDevice").GetDouble());
        Assert.True(rows["DeviceTls"].GetProperty("cpuMsPerDevice").GetDouble() > 0);
        Assert.True(rows["ClientTls"].GetProperty("cpuMsPerDevice").GetDouble() > 0);
        var shares = rows.Values.Sum(r => r.GetProperty("cpuShare").GetDouble());
        Assert.InRange(shares, 0.98, 1.02);
        // What the unattributed rest holds of the runtime's own work is named too.
        Assert.True(root.GetProperty("jitMsPerDevice").GetDouble() > 0);
        Assert.True(root.GetProperty("gcPauseMsPerDevice").GetDouble() >= 0);
        Assert.Contains("of the unattributed rest: JIT compilation ", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchFleet_ProfileOverSeveralProcesses_Exits2()
    {
        var result = await ExternalProgram.RunAsync("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "amtsim.dll"), "bench", "fleet", "--devices", "4", "--processes", "2", "--profile"],
            timeout: TimeSpan.FromMinutes(1), workingDirectory: RepoFixtures.RepositoryRoot);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--profile measures one process", result.StdErr + result.StdOut);
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
