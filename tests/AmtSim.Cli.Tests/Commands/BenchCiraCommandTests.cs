using AmtSim.Testing;
using AmtSim.Testing.Fixtures;
using Xunit;

namespace AmtSim.Cli.Tests.Commands;

/// <summary>
/// <c>amtsim bench cira</c>'s arguments (issue 15 item 4): every refusal comes before any device is
/// built or MeshCentral is started, so none of these needs node or MeshCentral.
/// </summary>
public sealed class BenchCiraCommandTests : IDisposable
{
    private readonly string _emptyCache = Directory.CreateTempSubdirectory("amtsim-bench-cira-nocache-").FullName;

    public void Dispose() => Directory.Delete(_emptyCache, recursive: true);

    private static Task<ProgramResult> Amtsim(IDictionary<string, string>? environment, params string[] args)
        => ExternalProgram.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "amtsim.dll"), "bench", "cira", .. args], timeout: TimeSpan.FromMinutes(1), workingDirectory: RepoFixtures.RepositoryRoot, environment: environment);

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("2000000")]
    public async Task BenchCira_DevicesOutOfRange_Exits2WithTheRule(string devices)
    {
        var result = await Amtsim(null, "--devices", devices);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--devices must be 1 to", result.StdErr + result.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--hold", "10")]
    [InlineData("--hold", "ten minutes")]
    [InlineData("--hold", "-5s")]
    [InlineData("--hold", "2d")]
    [InlineData("--connect-timeout", "5x")]
    public async Task BenchCira_BadDuration_Exits2NamingTheOption(string option, string value)
    {
        var result = await Amtsim(null, "--devices", "2", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{option} must be a duration from 0s to 24h", result.StdErr + result.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--mps", "127.0.0.1")]
    [InlineData("--mps", "127.0.0.1:0")]
    public async Task BenchCira_MpsNotHostPort_Exits2(string option, string value)
    {
        var result = await Amtsim(null, "--devices", "2", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--mps must be host:port", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchCira_MpsWithoutRootOrCredentials_Exits2SayingWhatItNeeds()
    {
        var result = await Amtsim(null, "--devices", "2", "--mps", "127.0.0.1:4433");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--mps needs --mps-root FILE", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchCira_MpsRootWithoutMps_Exits2()
    {
        var result = await Amtsim(null, "--devices", "2", "--mps-root", "root.pem");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("give --mps host:port too", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchCira_MeshCentralNotInstalled_Exits3SayingHowToInstallIt()
    {
        // An empty node cache: MeshCentral is missing whether or not this machine has it elsewhere.
        var result = await Amtsim(new Dictionary<string, string> { ["AMTSIM_NODE_CACHE"] = _emptyCache }, "--devices", "2", "--mps-port", "4439");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("bench cira starts MeshCentral 1.1.55 as its MPS", result.StdErr, StringComparison.Ordinal);
        Assert.Contains(".ci/install-node-deps.sh", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("--mps host:port", result.StdErr, StringComparison.Ordinal);
    }
}
