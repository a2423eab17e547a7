using System.Xml.Linq;
using AmtSim.Scenarios.Model;
using AmtSim.Scenarios.Reports;
using AmtSim.Scenarios.Running;
using Xunit;

namespace AmtSim.Scenarios.Tests.Reports;

/// <summary>Lean, structured JUnit (issue 18): a suite per folder, timestamps, the first unmet expectation, logs only where something went wrong.</summary>
public sealed class JUnitReportTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("amtsim-junit-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static readonly DateTimeOffset Start = new(2026, 12, 1, 20, 0, 0, TimeSpan.Zero);

    private ScenarioResult Result(string relativeFile, Verdict verdict, string log = "", IReadOnlyList<ExpectationFailure>? failures = null, string? runDirectory = null) => new()
    {
        Scenario = new Scenario { Name = Path.GetFileNameWithoutExtension(relativeFile), File = Path.Combine(_root, relativeFile) },
        Seed = 7,
        Verdict = verdict,
        WallTime = TimeSpan.FromSeconds(1),
        StartedAt = Start,
        RunDirectory = runDirectory,
        Failures = failures ?? [],
        Observation = new RunObservation { ServerLogText = log, ServerLog = log.Split('\n') },
        Error = verdict is Verdict.Error or Verdict.Skipped ? "needs MeshCentral" : null,
    };

    private XDocument Render(params ScenarioResult[] results) => XDocument.Parse(JUnitReport.Render(results, [_root]));

    [Fact]
    public void Render_ScenariosInTwoFolders_OneSuitePerFolderCoreFirst()
    {
        var xml = Render(Result("interop/mesh.yaml", Verdict.Passed), Result("happy.yaml", Verdict.Passed), Result("expired.yaml", Verdict.Passed));

        var suites = xml.Root!.Elements("testsuite").ToList();
        Assert.Equal(["core", "interop"], suites.Select(s => (string)s.Attribute("name")!));
        Assert.Equal("2", (string?)suites[0].Attribute("tests"));
        Assert.Equal("amtsim.interop", (string?)suites[1].Element("testcase")!.Attribute("classname"));
        Assert.Equal("2026-12-01T20:00:00", (string?)suites[0].Attribute("timestamp"));
    }

    [Fact]
    public void Render_PassingCase_CarriesNoLog()
    {
        var xml = Render(Result("happy.yaml", Verdict.Passed, log: "a line\nanother line\n"));

        Assert.Empty(xml.Descendants("system-out"));
    }

    [Fact]
    public void Render_FailedCase_MessageNamesTheFirstUnmetExpectation()
    {
        var failures = new[]
        {
            new ExpectationFailure("state of every device", "post", "1 of 1 wrong: device 0 is pre"),
            new ExpectationFailure("log line 2 of 2", "This line is never written.", "not found"),
        };

        var failure = Render(Result("wrong.yaml", Verdict.Failed, failures: failures)).Descendants("failure").Single();

        Assert.Equal("state of every device: expected post; actual 1 of 1 wrong: device 0 is pre (and 1 more)", (string?)failure.Attribute("message"));
        Assert.Contains("log line 2 of 2: expected This line is never written.", failure.Value, StringComparison.Ordinal);
        Assert.Contains("replay: amtsim run ", failure.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FailedCaseWithLongLog_TrimmedWithThePathOfTheFullLog()
    {
        var runs = Directory.CreateDirectory(Path.Combine(_root, "runs", "wrong")).FullName;
        var log = string.Join('\n', Enumerable.Range(1, 1000).Select(i => $"line {i}"));
        File.WriteAllText(Path.Combine(runs, "amtopmgr.log"), log);

        var output = Render(Result("wrong.yaml", Verdict.Failed, log: log, failures: [new("x", "y", "z")], runDirectory: runs)).Descendants("system-out").Single().Value;

        Assert.StartsWith($"full log: {Path.Combine(runs, "amtopmgr.log")}\nline 1\n", output, StringComparison.Ordinal);
        Assert.Contains($"… {1000 - JUnitReport.LogHeadLines - JUnitReport.LogTailLines} line(s) left out …", output, StringComparison.Ordinal);
        Assert.EndsWith("line 1000", output, StringComparison.Ordinal);
        Assert.DoesNotContain("line 500\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_InvalidFile_ErrorCaseOfTypeInvalidScenario()
    {
        var invalid = ScenarioResult.InvalidFile(Path.Combine(_root, "broken.yaml"), "broken.yaml:5:7: unknown key 'option-15'");

        var xml = Render(Result("happy.yaml", Verdict.Passed), invalid);

        var error = xml.Descendants("error").Single();
        Assert.Equal("InvalidScenario", (string?)error.Attribute("type"));
        Assert.Equal("broken.yaml:5:7: unknown key 'option-15'", (string?)error.Attribute("message"));
        Assert.Equal("broken", (string?)error.Parent!.Attribute("name"));
        Assert.Equal("1", (string?)xml.Root!.Attribute("errors"));
    }

    [Fact]
    public void Render_SkippedCase_KeepsItsLog()
    {
        var xml = Render(Result("interop/mesh.yaml", Verdict.Skipped, log: "node not found\n"));

        Assert.Contains("node not found", xml.Descendants("system-out").Single().Value, StringComparison.Ordinal);
    }
}
