using AmtSim.Scenarios.Diagnosis;
using AmtSim.Scenarios.Diagnosis.Emission;
using AmtSim.Scenarios.Diagnosis.Reading;
using AmtSim.Scenarios.Diagnosis.Signatures;
using AmtSim.Scenarios.Loading;
using AmtSim.Scenarios.Running;
using AmtSim.Scenarios.World;
using AmtSim.Testing.Fixtures;
using Xunit;

namespace AmtSim.Scenarios.Tests.Diagnosis;

/// <summary>
/// Issue 16: every catalogued failure's emitted repro passes the normal runner (what `amtsim run`
/// does), with its own run-for, states and expectations; and the simulator's log of that run names
/// the failure again, unless the catalogue says the repro only approximates it. Runs on the
/// virtual clock in address partition 16.
/// </summary>
public class EmittedReproTests
{
    // Its own partition (docs/ARCHITECTURE.md): 16 is ShutdownSignalTests', and the two assemblies run side by side.
    private const int Partition = 25;

    public static TheoryData<string> SignatureIds() => [.. SignatureCatalogue.Default.Signatures.Select(s => s.Id)];

    public static TheoryData<string> CorpusWithVerdict() =>
        [.. LogCorpus.Files().Where(f => LogCorpus.Expected(f).ContainsKey("signature"))];

    [Theory]
    [MemberData(nameof(SignatureIds))]
    public async Task Emit_EveryCataloguedFailure_PassesTheRunnerAndShowsTheFailure(string id)
    {
        var signature = SignatureCatalogue.Default.Find(id)!;
        var candidate = new Candidate(signature, true, 10, [], [], new Dictionary<string, IReadOnlyList<string>>(), "");
        var report = new DiagnosisReport(LogFileReader.FromText("", "customer.log"), candidate, [], []);

        var result = await RunEmitted(ScenarioEmitter.Emit(report), $"{id}.yaml");

        AssertPassed(result);
        AssertShowsFailure(result, signature);
    }

    [Theory]
    [MemberData(nameof(CorpusWithVerdict))]
    public async Task Emit_CorpusLogWithItsFacts_PassesTheRunner(string name)
    {
        var report = new Diagnoser().Diagnose(LogFileReader.Read(LogCorpus.PathOf(name)));

        var result = await RunEmitted(ScenarioEmitter.Emit(report), $"{name}.yaml");

        AssertPassed(result);
        AssertShowsFailure(result, report.Verdict!.Signature);
    }

    [Fact]
    public async Task Verify_RunsTheEmittedScenarioThroughTheRunner()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("amtsim-repro-").FullName, "repro.yaml");
        var report = new Diagnoser().Diagnose(LogFileReader.Read(LogCorpus.PathOf("seed001-ca-pending.cmtrace.log")));
        await File.WriteAllTextAsync(path, ScenarioEmitter.Emit(report));

        var verification = await Verifier().VerifyAsync(path, report.Verdict!.Signature.Id, CancellationToken.None);

        Assert.True(verification.Reproduced, verification.Detail);
        Assert.Equal(Verdict.Passed, verification.RunVerdict);
    }

    [Fact]
    public async Task Verify_ScenarioThatDoesNotReproduce_Fails()
    {
        // issue 16: --verify must fail when the repro does not show the failure: a pending-CA repro
        // edited to expect the device unprovisioned, as the old template did.
        var path = Path.Combine(Directory.CreateTempSubdirectory("amtsim-repro-").FullName, "repro.yaml");
        var report = new Diagnoser().Diagnose(LogFileReader.Read(LogCorpus.PathOf("seed001-ca-pending.cmtrace.log")));
        var yaml = ScenarioEmitter.Emit(report).Replace("state: in", "state: pre", StringComparison.Ordinal);
        await File.WriteAllTextAsync(path, yaml);

        var verification = await Verifier().VerifyAsync(path, report.Verdict!.Signature.Id, CancellationToken.None);

        Assert.False(verification.Reproduced);
        Assert.Equal(Verdict.Failed, verification.RunVerdict);
        Assert.Contains("not reproduced", verification.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ScenarioShowingAnotherFailure_Fails()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("amtsim-repro-").FullName, "repro.yaml");
        var report = new Diagnoser().Diagnose(LogFileReader.Read(LogCorpus.PathOf("seed001-tls.cmtrace.log")));
        await File.WriteAllTextAsync(path, ScenarioEmitter.Emit(report));

        var verification = await Verifier().VerifyAsync(path, "sccm-ca-pending-requests", CancellationToken.None);

        Assert.False(verification.Reproduced, verification.Detail);
    }

    private static RoundTripVerifier Verifier() => new(
        () => new WorldExecutor(RepoFixtures.PkiDirectory),
        new RunOptions { Partition = Partition, WorkDirectory = Path.Combine(Path.GetTempPath(), "amtsim-repro-verify") });

    private static async Task<ScenarioResult> RunEmitted(string yaml, string file)
    {
        var scenario = ScenarioLoader.Parse(yaml, file);
        Assert.StartsWith("repro-", scenario.Name, StringComparison.Ordinal);
        var runner = new ScenarioRunner(new WorldExecutor(RepoFixtures.PkiDirectory));
        return await runner.RunAsync(scenario, new RunOptions { Partition = Partition, WorkDirectory = Path.Combine(Path.GetTempPath(), "amtsim-repro") }, CancellationToken.None);
    }

    private static void AssertPassed(ScenarioResult result)
        => Assert.True(result.Verdict == Verdict.Passed,
            $"{result.Scenario.Name}: {result.Verdict} {result.Error} {string.Join("; ", result.Failures.Select(f => $"{f.What}: expected {f.Expected}, actual {f.Actual}"))}");

    private static void AssertShowsFailure(ScenarioResult result, FailureSignature signature)
    {
        if (signature.Scenario.Note is not null)
        {
            return;
        }

        var check = new RoundTripVerifier((_, _) => Task.FromResult(result.Observation.ServerLogText))
            .Check(LogFileReader.FromText(result.Observation.ServerLogText, "sim.log"), signature.Id);
        Assert.True(check.Reproduced, $"{result.Scenario.Name}: {check.Detail}");
    }
}
