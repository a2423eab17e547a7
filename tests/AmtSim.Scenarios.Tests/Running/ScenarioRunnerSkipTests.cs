using System.Xml.Linq;
using AmtSim.Scenarios.Model;
using AmtSim.Scenarios.Reports;
using AmtSim.Scenarios.Running;
using Xunit;

namespace AmtSim.Scenarios.Tests.Running;

/// <summary>A scenario whose optional program is missing is skipped, visibly, without failing the run.</summary>
public class ScenarioRunnerSkipTests
{
    private sealed class Executor(Exception? thrown) : IScenarioExecutor
    {
        public Task<RunObservation> ExecuteAsync(Scenario scenario, long seed, RunOptions options, CancellationToken cancellationToken)
            => thrown is null ? Task.FromResult(new RunObservation()) : Task.FromException<RunObservation>(thrown);
    }

    private static readonly Scenario Interop = new() { Name = "meshcentral-happy-path", File = "scenarios/interop/meshcentral-happy-path.yaml", Seed = 1 };

    [Fact]
    public async Task RunAsync_ExecutorSaysSkipped_VerdictSkippedWithTheMessage()
    {
        var result = await new ScenarioRunner(new Executor(new ScenarioSkippedException("needs MeshCentral: node not found"))).RunAsync(Interop, new RunOptions(), CancellationToken.None);

        Assert.Equal(Verdict.Skipped, result.Verdict);
        Assert.Equal("needs MeshCentral: node not found", result.Error);
    }

    [Fact]
    public async Task JUnit_SkippedScenario_SkippedElementAndCount()
    {
        var result = await new ScenarioRunner(new Executor(new ScenarioSkippedException("needs MeshCentral: node not found"))).RunAsync(Interop, new RunOptions(), CancellationToken.None);

        var xml = XDocument.Parse(JUnitReport.Render([result], ["scenarios"]));

        var suite = xml.Root!.Element("testsuite")!;
        Assert.Equal("interop", (string?)suite.Attribute("name"));
        Assert.Equal("1", (string?)suite.Attribute("skipped"));
        Assert.Equal("0", (string?)suite.Attribute("failures"));
        Assert.Equal("0", (string?)suite.Attribute("errors"));
        Assert.Equal("needs MeshCentral: node not found", (string?)suite.Element("testcase")!.Element("skipped")!.Attribute("message"));
    }
}
