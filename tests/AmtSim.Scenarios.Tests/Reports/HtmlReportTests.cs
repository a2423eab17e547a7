using AmtSim.Scenarios.Model;
using AmtSim.Scenarios.Reports;
using AmtSim.Scenarios.Running;
using Xunit;

namespace AmtSim.Scenarios.Tests.Reports;

/// <summary>The report at a glance (issue 18): failures first, what passing scenarios checked, one example device per group in fleets.</summary>
public class HtmlReportTests
{
    private static DeviceObservation Device(int index, string scope, string state, string reason) => new()
    {
        Index = index, Uuid = Guid.Empty, Hostname = $"dev{index}", Address = "127.1.0.1", Firmware = "11.8.0", Scope = scope, State = state, Mode = state == "post" ? "admin" : "none", Reason = reason,
        Timeline = [new TimelineEvent(DateTimeOffset.UnixEpoch, "hello", $"hello of device {index}", true)],
    };

    private static ScenarioResult Result(string name, Verdict verdict, IReadOnlyList<DeviceObservation>? devices = null, Expectations? expect = null) => new()
    {
        Scenario = new Scenario { Name = name, File = name + ".yaml", Expect = expect ?? new Expectations() },
        Seed = 1,
        Verdict = verdict,
        WallTime = TimeSpan.FromSeconds(1),
        Failures = verdict == Verdict.Failed ? [new ExpectationFailure("state of every device", "post", "device 0 is pre")] : [],
        Observation = new RunObservation { Devices = devices ?? [] },
    };

    [Fact]
    public void Render_FailingAfterPassingInTheSuite_ShownFirst()
    {
        var html = HtmlReport.Render([Result("aaa-passes", Verdict.Passed), Result("zzz-fails", Verdict.Failed)], null, DateTimeOffset.UnixEpoch);

        Assert.True(html.IndexOf("id=\"zzz-fails\"", StringComparison.Ordinal) < html.IndexOf("id=\"aaa-passes\"", StringComparison.Ordinal));
        Assert.Contains("state of every device: expected post", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PassingScenario_ShowsWhatWasChecked()
    {
        var expect = new Expectations { Counts = new Dictionary<string, int> { ["post"] = 800, ["DomainSuffixMismatch"] = 200 } };

        var html = HtmlReport.Render([Result("fleet", Verdict.Passed, expect: expect)], null, DateTimeOffset.UnixEpoch);

        Assert.Contains("exactly 800 device(s) in state post", html, StringComparison.Ordinal);
        Assert.Contains("exactly 200 device(s) with reason DomainSuffixMismatch", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Fleet_OneExampleDevicePerGroupRefusedFirst()
    {
        var devices = Enumerable.Range(0, 80).Select(i => Device(i, "hq", "post", "Accepted"))
            .Concat(Enumerable.Range(80, 20).Select(i => Device(i, "lab", "pre", "DomainSuffixMismatch")))
            .ToList();

        var html = HtmlReport.Render([Result("fleet", Verdict.Passed, devices)], null, DateTimeOffset.UnixEpoch);

        Assert.Contains("hello of device 80<", html, StringComparison.Ordinal);
        Assert.Contains("hello of device 0<", html, StringComparison.Ordinal);
        Assert.DoesNotContain("hello of device 1<", html, StringComparison.Ordinal);
        Assert.DoesNotContain("hello of device 81<", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("hello of device 80<", StringComparison.Ordinal) < html.IndexOf("hello of device 0<", StringComparison.Ordinal));
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("lab: 20 pre DomainSuffixMismatch", html, StringComparison.Ordinal);
    }
}
