using AmtSim.Runtime.Faults;
using AmtSim.Scenarios.Loading;
using Xunit;

namespace AmtSim.Scenarios.Tests.Loading;

/// <summary>The scenario's faults: section (issue 17 item 5, docs/faults.md).</summary>
public class ScenarioLoaderFaultsTests
{
    private const string Fleet = "name: f\nnetwork:\n  scopes:\n    - name: a\n      option15: contoso.com\n      devices: 4\n";

    [Fact]
    public void Parse_Faults_ReadsStepKindSideDevicesAndTimes()
    {
        var s = ScenarioLoader.Parse(Fleet + "faults:\n  - step: Hello\n    fault: garbage\n    count: 2\n  - step: CommitChanges\n    fault: stall\n    side: request\n    devices: [1, 3]\n    times: 1\n", "f.yaml");

        Assert.Equal(2, s.Faults.Count);
        Assert.Equal(("Hello", FaultKind.Garbage, FaultSide.Request, 2, 0), (s.Faults[0].Step, s.Faults[0].Kind, s.Faults[0].Side, s.Faults[0].Count, s.Faults[0].Times));
        Assert.Equal(("CommitChanges", FaultKind.Stall, FaultSide.Request, 1), (s.Faults[1].Step, s.Faults[1].Kind, s.Faults[1].Side, s.Faults[1].Times));
        Assert.Equal([1, 3], s.Faults[1].Indexes);
    }

    [Theory]
    [InlineData("faults:\n  - step: Dhcp\n    fault: server-error\n", 8, 5, "server-error on the answer does not apply at Dhcp")]
    [InlineData("faults:\n  - step: Namespace\n    fault: stall\n", 8, 11, "faults.step: 'Namespace' is not one of")]
    [InlineData("faults:\n  - step: Hello\n    fault: stall\n    devices: [4]\n", 8, 5, "faults.devices: 4 is past the last device")]
    [InlineData("faults:\n  - step: Hello\n    fault: stall\n    devices: [1]\n    count: 2\n", 8, 5, "'devices' (indexes) or 'count'")]
    public void Parse_BadFault_NamesLineColumnAndWhatApplies(string faults, int line, int column, string problem)
    {
        var ex = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse(Fleet + faults, "bad.yaml"));

        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (ex.Line, ex.Column));
    }
}
