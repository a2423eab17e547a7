using AmtSim.Scenarios.Model;
using AmtSim.Scenarios.Running;
using Xunit;

namespace AmtSim.Scenarios.Tests.Running;

public class ExpectationCheckerTests
{
    private static DeviceObservation Device(int index, string state, string? reason = null, string scope = "hq", params byte[] alerts) => new()
    {
        Index = index,
        Uuid = Guid.Empty,
        Hostname = $"pc{index}",
        Fqdn = $"pc{index}.contoso.com",
        Address = $"127.1.0.{index + 1}",
        Firmware = "11.8.50",
        Scope = scope,
        State = state,
        Mode = state == "post" ? "admin" : "none",
        Reason = reason,
        AlertsSent = alerts,
    };

    private static readonly string[] SeedLog =
    [
        "Try to use provisioning account to connect target machine vprosystem.subdomain.mydomain.com...",
        "Server unexpectedly disconnected when TLS handshaking.",
        "**** Error 0x382b948 returned by ApplyControlToken",
    ];

    [Fact]
    public void Check_EverythingAsExpected_NoFailures()
    {
        var expect = new Expectations
        {
            Devices = [new DeviceExpectation { State = "pre", Reason = "IntermediateExpired" }],
            Counts = new Dictionary<string, int> { ["pre"] = 2, ["IntermediateExpired"] = 2 },
            Log = [new(SeedLog[1], false), new(@"^\*\*\*\* Error 0x382b948", true)],
            TlsAlerts = new Dictionary<int, int> { [46] = 2 },
        };
        var run = new RunObservation { Devices = [Device(0, "pre", "IntermediateExpired", alerts: 46), Device(1, "pre", "IntermediateExpired", alerts: 46)], ServerLog = SeedLog };

        Assert.Empty(ExpectationChecker.Check(expect, run));
    }

    [Fact]
    public void Check_LogLinesOutOfOrder_ReportsTheFirstMissingLine()
    {
        var expect = new Expectations { Log = [new(SeedLog[2], false), new(SeedLog[1], false)] };

        var failure = Assert.Single(ExpectationChecker.Check(expect, new RunObservation { ServerLog = SeedLog }));

        Assert.Equal("log line 2 of 2", failure.What);
        Assert.Equal(SeedLog[1], failure.Expected);
        Assert.Contains("appears only earlier, at line 2", failure.Actual, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_DeviceInWrongState_NamesTheDevice()
    {
        var expect = new Expectations { Devices = [new DeviceExpectation { Scope = "hq", State = "post" }] };
        var run = new RunObservation { Devices = [Device(0, "post"), Device(1, "pre", "DomainSuffixMismatch")] };

        var failure = Assert.Single(ExpectationChecker.Check(expect, run));

        Assert.Equal("state of devices of scope 'hq'", failure.What);
        Assert.Contains("device 1 (pc1.contoso.com, 127.1.0.2) is pre", failure.Actual, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_CountsStatusMessagesAndAbsentLines_AllReported()
    {
        var expect = new Expectations
        {
            Counts = new Dictionary<string, int> { ["post"] = 3 },
            StatusMessages = [new StatusMessageExpectation(7211, 1, null)],
            LogAbsent = [new(SeedLog[0], false)],
        };
        var run = new RunObservation { Devices = [Device(0, "post")], ServerLog = SeedLog, StatusMessages = [new(DateTimeOffset.UnixEpoch, 7210, "w")] };

        var failures = ExpectationChecker.Check(expect, run);

        Assert.Equal(3, failures.Count);
        Assert.Contains(failures, f => f.What == "number of devices in state post" && f.Expected == "3" && f.Actual == "1");
        Assert.Contains(failures, f => f.What == "status message 7211" && f.Actual == "0 time(s)");
        Assert.Contains(failures, f => f.What == "log line that must not appear" && f.Actual.StartsWith("line 1:", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_SelectorMatchesNothing_IsAFailure()
    {
        var expect = new Expectations { Devices = [new DeviceExpectation { Scope = "branch", State = "post" }] };

        var failure = Assert.Single(ExpectationChecker.Check(expect, new RunObservation { Devices = [Device(0, "post")] }));

        Assert.Equal("no such device in the run", failure.Actual);
    }
}

/// <summary>expect.rps against RPS's final messages (issue 14 item 3).</summary>
public class RpsExpectationCheckerTests
{
    private static readonly RunObservation Run = new()
    {
        Rps =
        [
            new(0, Guid.Empty, "success", "{\"Status\":\"Admin control mode.\",\"Network\":\"Wired Network Configured\"}", 0, "Success", 35, null),
            new(1, Guid.Empty, "error", "Device 1 activation failed. Specified AMT domain suffix: x.com does not match list of available AMT domain suffixes.", 102, "ActivationFailed", 0, null),
            new(2, Guid.Empty, null, null, 10, "GenericFailure", 3, "rps connection closed unexpectedly"),
        ],
    };

    [Fact]
    public void Check_CountsAndTextsAsObserved_NoFailures()
    {
        var expect = new Expectations { Rps = new RpsExpectation { Success = 1, Error = 2, Messages = [new("\"Status\":\"Admin control mode.\"", false), new("suffix: x\\.com does not match", true)] } };

        Assert.Empty(ExpectationChecker.Check(expect, Run));
    }

    [Fact]
    public void Check_WrongCountAndMissingText_OneFailureEachNamingWhatRpsSaid()
    {
        var expect = new Expectations { Rps = new RpsExpectation { Success = 3, Messages = [new("Client control mode.", false)] } };

        var failures = ExpectationChecker.Check(expect, Run);

        Assert.Equal(2, failures.Count);
        Assert.Contains("device 2", failures[0].Actual, StringComparison.Ordinal);
        Assert.Contains("rps connection closed unexpectedly", failures[1].Actual, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ApiErrorExpectedButRpsAccepted_Fails_AndUnexpectedRefusalFails()
    {
        var expected = new Expectations { Rps = new RpsExpectation { ApiError = new("Uploaded certificate has expired", false) } };
        var unexpected = new Expectations { Rps = new RpsExpectation() };
        var refused = Run with { RpsApiError = "400 Uploaded certificate has expired" };

        Assert.Single(ExpectationChecker.Check(expected, Run));
        Assert.Empty(ExpectationChecker.Check(expected, refused));
        Assert.Single(ExpectationChecker.Check(unexpected, refused));
    }
}
