using System.Text.Json;
using AmtSim.Cli.Commands;
using AmtSim.Scenarios.Diagnosis.Emission;
using AmtSim.Scenarios.Loading;
using Xunit;

namespace AmtSim.Cli.Tests.Commands;

public sealed class DiagnoseCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("amtsim-diagnose-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public async Task Diagnose_SeedLog_PrintsVerdictEvidenceCauseFixAndExitsZero()
    {
        var (code, stdout, _) = await Run(new(Corpus("seed001-tls.sccm2007.log"), false, null, false));

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("Verdict: sccm-expired-intermediate [chain-tls-handshake], confidence high (100%)", stdout, StringComparison.Ordinal);
        Assert.Contains("line 2: Server unexpectedly disconnected when TLS handshaking.", stdout, StringComparison.Ordinal);
        Assert.Contains("line 3: **** Error 0x382b948 returned by ApplyControlToken", stdout, StringComparison.Ordinal);
        Assert.Contains("Cause: ", stdout, StringComparison.Ordinal);
        Assert.Contains("Fix: ", stdout, StringComparison.Ordinal);
        Assert.Contains("1. sccm-pfx-without-chain", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage.txt")]
    [InlineData("empty.log")]
    public async Task Diagnose_NothingKnown_SaysSoAndExitsOne(string name)
    {
        var (code, stdout, _) = await Run(new(Corpus(name), false, null, false));

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("No known failure.", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_BinaryFile_ExitsTwoNamingTheFile()
    {
        var (code, stdout, stderr) = await Run(new(Corpus("binary.png"), false, null, false));

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Empty(stdout);
        Assert.Contains("binary.png: not a text log", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_MissingFile_ExitsTwo()
    {
        var (code, _, stderr) = await Run(new(Path.Combine(_temp, "nope.log"), false, null, false));

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("nope.log", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_Json_IsMachineReadable()
    {
        var (code, stdout, _) = await Run(new(Corpus("seed001-ca-pending.cmtrace.log"), true, null, false));

        Assert.Equal(ExitCodes.Success, code);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("knownFailure").GetBoolean());
        Assert.Equal("cmtrace", root.GetProperty("format").GetString());
        var verdict = root.GetProperty("verdict");
        Assert.Equal("sccm-ca-pending-requests", verdict.GetProperty("id").GetString());
        Assert.Equal("ca-approval", verdict.GetProperty("family").GetString());
        Assert.Equal("5", verdict.GetProperty("facts").GetProperty("retries")[0].GetString());
        Assert.Contains(verdict.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("key").GetString() == "MissedDeviceCertificate" && e.GetProperty("line").GetInt32() == 20);
    }

    [Fact]
    public async Task Diagnose_JsonNothingKnown_HasNullVerdictAndClosest()
    {
        await File.WriteAllTextAsync(Path.Combine(_temp, "x.log"), "Try to use provisioning account to connect target machine a.contoso.com...\n");

        var (code, stdout, _) = await Run(new(Path.Combine(_temp, "x.log"), true, null, false));

        Assert.Equal(ExitCodes.Failed, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("verdict").ValueKind);
        Assert.NotEqual(0, doc.RootElement.GetProperty("closest").GetArrayLength());
    }

    [Fact]
    public async Task Diagnose_EmitScenario_WritesAScenarioTheLoaderAccepts()
    {
        var output = Path.Combine(_temp, "out.yaml");

        var (code, stdout, _) = await Run(new(Corpus("seed001-ca-pending.viewer.log"), false, output, false));

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains($"Scenario written to {output}", stdout, StringComparison.Ordinal);
        var scenario = ScenarioLoader.LoadFile(output);
        Assert.Equal("repro-seed001-ca-pending-sccm-ca-pending-requests", scenario.Name);
        Assert.Equal("in", scenario.Expect.Devices[0].State);
        Assert.Equal("subdomain.mydomain.com", scenario.Network.Scopes[0].Option15);
    }

    [Fact]
    public async Task Diagnose_VerifyWithoutARunner_ExitsThree()
    {
        var (code, stdout, stderr) = await Run(new(Corpus("seed001-tls.cmtrace.log"), false, null, true));

        Assert.Equal(ExitCodes.SetupError, code);
        Assert.Empty(stdout);
        Assert.Contains("--verify needs the scenario runner", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_VerifyThatDoesNotReproduce_ExitsOne()
    {
        // issue 16: --verify printed "reproduced" for repros `amtsim run` failed.
        var verifier = new RecordingVerifier(new VerificationResult(false, null, "not reproduced: `amtsim run` fails the emitted scenario") { RunVerdict = AmtSim.Scenarios.Running.Verdict.Failed });

        var (code, stdout, _) = await Run(new(Corpus("seed001-tls.cmtrace.log"), false, null, true), verifier);

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("Verify: not reproduced", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_DevZero_ExitsTwoWithoutReadingItAll()
    {
        // issue 16: `diagnose /dev/zero` died of OutOfMemory (FileInfo.Length is 0 for devices).
        if (!File.Exists("/dev/zero"))
        {
            return;
        }

        var (code, stdout, stderr) = await Run(new("/dev/zero", false, null, false));

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Empty(stdout);
        Assert.Contains("/dev/zero: not a text log", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_TwoFailures_TextNamesBothWithTheirLinesAndJsonListsThem()
    {
        var log = Path.Combine(_temp, "two.log");
        await File.WriteAllTextAsync(log, "Server unexpectedly disconnected when TLS handshaking.\n**** Error 0x4b1c948 returned by ApplyControlToken\nUploaded certificate has expired\n");

        var (code, text, _) = await Run(new(log, false, null, false));
        var (_, json, _) = await Run(new(log, true, null, false));

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("Verdict: sccm-expired-intermediate [chain-tls-handshake], confidence high", text, StringComparison.Ordinal);
        Assert.Contains("Also failed in this log (2 failures in all):", text, StringComparison.Ordinal);
        Assert.Contains("rps-certificate-expired [expired-provisioning-certificate]", text, StringComparison.Ordinal);
        Assert.Matches(@"\n    line 3: .*Uploaded certificate has expired  \[certificate-expired\]\n", text);
        using var doc = JsonDocument.Parse(json);
        var failures = doc.RootElement.GetProperty("failures").EnumerateArray().ToList();
        Assert.Equal(["sccm-expired-intermediate", "rps-certificate-expired"], failures.Select(f => f.GetProperty("id").GetString()));
        Assert.Equal("expired-provisioning-certificate", failures[1].GetProperty("family").GetString());
        Assert.InRange(failures[0].GetProperty("confidence").GetInt32(), 1, 99);
        Assert.Contains("tls-version", doc.RootElement.GetProperty("families").EnumerateArray().Select(f => f.GetString()));
    }

    [Theory]
    [InlineData("real-rpcgo997-interrupted.log")]
    [InlineData("real-mesh1297-amtacm.txt")]
    [InlineData("amtsim-meshcentral-happy-path.log")]
    public async Task Diagnose_NoiseExcerpt_ExitsOne(string name)
    {
        var (code, stdout, _) = await Run(new(Corpus(name), false, null, false));

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("No known failure.", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_EmitScenario_NameComesFromTheLogFileAndIsNoShippedName()
    {
        // issue 16: the emitted name equalled the shipped scenario's, so scenarios/ exited 2 with it.
        var output = Path.Combine(_temp, "repro.yaml");

        await Run(new(Corpus("seed001-tls.sccm2007.log"), false, output, false));

        var scenario = ScenarioLoader.LoadFile(output);
        Assert.Equal("repro-seed001-tls-sccm-expired-intermediate", scenario.Name);
        Assert.Equal(TimeSpan.FromSeconds(30), scenario.RunFor);
    }

    [Fact]
    public async Task Diagnose_VerifyWithAVerifier_RunsItOnTheEmittedScenario()
    {
        var verifier = new RecordingVerifier();

        var (code, stdout, _) = await Run(new(Corpus("seed001-tls.cmtrace.log"), false, null, true), verifier);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal("sccm-expired-intermediate", verifier.Expected);
        Assert.Equal("repro-seed001-tls-sccm-expired-intermediate", verifier.ScenarioName);
        Assert.Contains("Verify: reproduced", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Program_Root_HasTheDiagnoseCommand()
    {
        var result = Program.BuildRoot().Parse(["diagnose", "x.log", "--json", "--emit-scenario", "o.yaml", "--verify"]);

        Assert.Empty(result.Errors);
        Assert.Equal("diagnose", result.CommandResult.Command.Name);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> Run(DiagnoseCommand.DiagnoseRequest request, IScenarioVerifier? verifier = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await DiagnoseCommand.ExecuteAsync(request, verifier, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string Corpus(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AmtSim.sln")))
            {
                return Path.Combine(dir.FullName, "fixtures", "logs", name);
            }
        }

        throw new InvalidOperationException("AmtSim.sln not found above the test's folder");
    }

    private sealed class RecordingVerifier(VerificationResult? result = null) : IScenarioVerifier
    {
        public string? Expected { get; private set; }
        public string? ScenarioName { get; private set; }

        public Task<VerificationResult> VerifyAsync(string scenarioPath, string expectedSignatureId, CancellationToken cancellationToken)
        {
            Expected = expectedSignatureId;
            ScenarioName = ScenarioLoader.LoadFile(scenarioPath).Name;
            return Task.FromResult(result ?? new VerificationResult(true, expectedSignatureId, "reproduced (fake runner)"));
        }
    }
}
