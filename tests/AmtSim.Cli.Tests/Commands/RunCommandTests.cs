using System.Text.RegularExpressions;
using AmtSim.Testing;
using AmtSim.Testing.Fixtures;
using Xunit;

namespace AmtSim.Cli.Tests.Commands;

/// <summary>
/// The runner as a CI gate: exit codes, readable failures, reproducible reports (issue 6 acceptance).
/// Each test uses its own address partition so it never shares 127.x listeners with other tests running at the same time.
/// </summary>
public sealed partial class RunCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amtsim-run-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<ProgramResult> RunAmtsim(params string[] args)
        => ExternalProgram.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "amtsim.dll"), .. args], timeout: TimeSpan.FromMinutes(3), workingDirectory: RepoFixtures.RepositoryRoot);

    private string Scenario(string name, string yaml)
    {
        var path = Path.Combine(_dir, name + ".yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public async Task Run_DeliberatelyWrongExpectation_Exits1WithExpectedActualAndReplay()
    {
        var path = Scenario("wrong", """
            name: wrong-expectation
            seed: 5
            run-for: 30s
            pki: { provisioning-certificate: prov-via-expired-intermediate }
            expect:
              devices: [ { state: post } ]
              log: [ "Server unexpectedly disconnected when TLS handshaking.", "This line is never written." ]
            """);

        var result = await RunAmtsim("run", path, "--work-dir", Path.Combine(_dir, "runs"), "--partition", "17");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL  wrong-expectation", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("expected: post", result.StdOut, StringComparison.Ordinal);
        Assert.Matches(@"actual:\s+1 of 1 wrong: device 0 \(.+\) is pre", result.StdOut);
        Assert.Contains("expected: This line is never written.", result.StdOut, StringComparison.Ordinal);
        Assert.Contains($"replay: amtsim run {path} --seed 5", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("0 passed, 1 failed", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MalformedScenario_Exits2NamingFileLineAndColumn()
    {
        var path = Scenario("malformed", "name: broken\nnetwork:\n  scopes:\n    - name: hq\n      option-15: contoso.com\n");

        var result = await RunAmtsim("run", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"amtsim: {path}:5:7: unknown key 'option-15' in scope (expected one of: name, option15, pki-dns-suffix, option81, devices, firmware)", result.StdErr.Trim());
    }

    // issue 18: an unknown fixture is caught at load (exit 2, file:line:column), no longer a setup error after building the world.
    [Fact]
    public async Task Run_UnknownFixture_Exits2AtLoadNamingTheFixture()
    {
        var path = Scenario("setup", "name: missing-fixture\nrun-for: 30s\npki: { provisioning-certificate: no-such-certificate }\n");

        var result = await RunAmtsim("run", path, "--work-dir", Path.Combine(_dir, "runs"), "--partition", "18");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{path}:3:34: pki.provisioning-certificate: unknown provisioning certificate 'no-such-certificate'", result.StdErr, StringComparison.Ordinal);
    }

    // issue 18
    [Fact]
    public async Task Run_MistypedOption_Exits2NamingTheOption()
    {
        var result = await RunAmtsim("run", "scenarios", "--paralel", "2");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown option '--paralel' for 'run'", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("--parallel", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("no such file", result.StdErr, StringComparison.Ordinal);
    }

    // issue 18
    [Fact]
    public async Task Run_OneInvalidFileAmongValidOnes_RestRunsInvalidIsJUnitErrorExit2()
    {
        var suite = Directory.CreateDirectory(Path.Combine(_dir, "suite")).FullName;
        File.Copy(Path.Combine(RepoFixtures.RepositoryRoot, "scenarios", "happy-path.yaml"), Path.Combine(suite, "happy-path.yaml"));
        File.WriteAllText(Path.Combine(suite, "broken.yaml"), "name: broken\ndevices: { firmware: \"99.9\" }\n");
        var junit = Path.Combine(_dir, "junit.xml");

        var result = await RunAmtsim("run", suite, "--junit", junit, "--work-dir", Path.Combine(_dir, "runs"), "--partition", "17");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("PASS  happy-path", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("1 passed, 0 failed, 1 invalid file(s)", result.StdOut, StringComparison.Ordinal);
        var xml = System.Xml.Linq.XDocument.Load(junit);
        var error = xml.Descendants("error").Single();
        Assert.Equal("InvalidScenario", (string?)error.Attribute("type"));
        Assert.Contains("broken.yaml:2:22: devices.firmware: '99.9' is not a known AMT firmware", (string?)error.Attribute("message"), StringComparison.Ordinal);
        Assert.Equal(2, xml.Descendants("testcase").Count());
    }

    // issue 18: two runs side by side, neither given a partition, both pass.
    [Fact]
    public async Task Run_TwoRunsAtOnceWithoutPartition_BothPassOnDifferentPartitions()
    {
        // Partition 0 is what Network.Tests' embedded networks use while this assembly runs; holding its
        // lock here also makes both runs choose for themselves rather than take the old default.
        using var zero = TryHoldPartitionZero();
        var path = Scenario("side-by-side", "name: side-by-side\nrun-for: 1m\nexpect:\n  devices: [ { state: post, reason: Accepted } ]\n");

        var runs = await Task.WhenAll(
            RunAmtsim("run", path, "--work-dir", Path.Combine(_dir, "runs-a")),
            RunAmtsim("run", path, "--work-dir", Path.Combine(_dir, "runs-b")));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.All));
        var partitions = runs.Select(r => PartitionLine().Match(r.StdOut)).ToList();
        Assert.All(partitions, m => Assert.True(m.Success));
        Assert.NotEqual(partitions[0].Groups[1].Value, partitions[1].Groups[1].Value);
    }

    private static AmtSim.Scenarios.Running.PartitionClaim? TryHoldPartitionZero()
    {
        try
        {
            return AmtSim.Scenarios.Running.PartitionClaim.ClaimFree(1, [0]);
        }
        catch (AmtSim.Scenarios.Running.ScenarioSetupException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"address partition (\d+) \(free, chosen automatically")]
    private static partial Regex PartitionLine();

    [Fact]
    public async Task Run_SameSeedTwice_GivesTheSameReportApartFromWallClockFields()
    {
        string[] Args(string n) => ["run", "scenarios", "--filter", "expired-intermediate", "--seed", "11", "--report", Path.Combine(_dir, n + ".html"), "--junit", Path.Combine(_dir, n + ".xml"), "--work-dir", Path.Combine(_dir, "runs-" + n), "--partition", "19"];

        var first = await RunAmtsim(Args("a"));
        var second = await RunAmtsim(Args("b"));

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(WithoutWallClock(await File.ReadAllTextAsync(Path.Combine(_dir, "a.html"))), WithoutWallClock(await File.ReadAllTextAsync(Path.Combine(_dir, "b.html"))));
        Assert.Equal(WithoutWallClock(await File.ReadAllTextAsync(Path.Combine(_dir, "a.xml"))), WithoutWallClock(await File.ReadAllTextAsync(Path.Combine(_dir, "b.xml"))));
    }

    /// <summary>Drops wall-clock fields: durations ("0.42 s", time="0.420"), the generation and suite timestamps; and the two runs' work folders (the paths to their full logs).</summary>
    private static string WithoutWallClock(string text) => WallClock().Replace(text, "#").Replace("runs-a", "runs-#", StringComparison.Ordinal).Replace("runs-b", "runs-#", StringComparison.Ordinal);

    [GeneratedRegex(@"\d+\.\d+ s|time=""\d+\.\d+""|timestamp=""[0-9T:-]+""|generated \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC")]
    private static partial Regex WallClock();

    [Fact]
    public async Task Run_MeshCentralScenarioWithoutMeshCentral_SkippedOutsideCiSetupErrorInCi()
    {
        var args = new[] { Path.Combine(AppContext.BaseDirectory, "amtsim.dll"), "run", "scenarios/interop/meshcentral-happy-path.yaml", "--work-dir", Path.Combine(_dir, "runs"), "--partition", "17" };
        var missing = Path.Combine(_dir, "no-node-cache");

        var outside = await ExternalProgram.RunAsync("dotnet", args, timeout: TimeSpan.FromMinutes(1), workingDirectory: RepoFixtures.RepositoryRoot,
            environment: new Dictionary<string, string> { ["AMTSIM_NODE_CACHE"] = missing, ["CI"] = "false" });
        var inCi = await ExternalProgram.RunAsync("dotnet", args, timeout: TimeSpan.FromMinutes(1), workingDirectory: RepoFixtures.RepositoryRoot,
            environment: new Dictionary<string, string> { ["AMTSIM_NODE_CACHE"] = missing, ["CI"] = "true" });

        Assert.Equal(0, outside.ExitCode);
        Assert.Contains("SKIP  meshcentral-happy-path", outside.StdOut);
        Assert.Contains("needs MeshCentral: ", outside.StdOut);
        Assert.Contains("0 passed, 0 failed, 1 skipped", outside.StdOut);
        Assert.Equal(3, inCi.ExitCode);
        Assert.Contains("server.kind meshcentral: ", inCi.StdOut);
    }
}
