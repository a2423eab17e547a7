using AmtSim.Scenarios.Loading;
using AmtSim.Scenarios.Model;
using Xunit;

namespace AmtSim.Scenarios.Tests.Loading;

public class ScenarioLoaderTests
{
    private const string Full = """
        name: expired-intermediate
        description: The service point's chain runs through an expired intermediate (seed 001).
        seed: 42
        now: 2026-06-01T12:00:00Z
        run-for: 2h
        pki:
          provisioning-certificate: expired-intermediate
          pfx: full-chain
        ca:
          policy: pending
          template: web-server-v2
          approve-after: 30m
        network:
          scopes:
            - name: hq
              option15: contoso.com
              devices: 3
              firmware: { "11.8": 2, "16.1": 1 }
            - name: lab
              pki-dns-suffix: contoso.com
              option81: false
          zones:
            - name: contoso.com
              provision-server: true
        devices:
          firmware: "12.0"
          clock-offset: -5m
          hello-window: 6h
        server:
          kind: builtin
          fqdn: oobsp.contoso.com
          log-format: cmtrace
        expect:
          devices:
            - scope: hq
              state: pre
              reason: IntermediateExpired
          counts: { pre: 4 }
          log:
            - Server unexpectedly disconnected when TLS handshaking.
            - regex: '^\*\*\*\* Error 0x382b948'
          status-messages:
            - { id: 7210, min: 1 }
          tls-alerts: { 46: 3 }
        """;

    [Fact]
    public void Parse_FullScenario_ReadsEveryField()
    {
        var s = ScenarioLoader.Parse(Full, "x.yaml");

        Assert.Equal("expired-intermediate", s.Name);
        Assert.Equal(42, s.Seed);
        Assert.Equal(TimeSpan.FromHours(2), s.RunFor);
        Assert.Equal("expired-intermediate", s.Pki.ProvisioningCertificate);
        Assert.Equal(CaPolicy.Pending, s.Ca.Policy);
        Assert.Equal(TimeSpan.FromMinutes(30), s.Ca.ApproveAfter);
        Assert.Equal(2, s.Network.Scopes.Count);
        Assert.Equal(3, s.Network.Scopes[0].Devices);
        Assert.Equal(2, s.Network.Scopes[0].Firmware["11.8"]);
        Assert.Null(s.Network.Scopes[1].Option15);
        Assert.False(s.Network.Scopes[1].Option81);
        Assert.Equal(TimeSpan.FromMinutes(-5), s.Devices.ClockOffset);
        Assert.Equal(TimeSpan.FromHours(6), s.Devices.HelloWindow);
        Assert.Equal("cmtrace", s.Server.LogFormat);
        Assert.Equal("IntermediateExpired", s.Expect.Devices[0].Reason);
        Assert.Equal(4, s.Expect.Counts["pre"]);
        Assert.False(s.Expect.Log[0].IsRegex);
        Assert.True(s.Expect.Log[1].IsRegex);
        Assert.Equal(7210, s.Expect.StatusMessages[0].Id);
        Assert.Equal(3, s.Expect.TlsAlerts[46]);
    }

    [Fact]
    public void Parse_MinimalScenario_UsesDocumentedDefaults()
    {
        var s = ScenarioLoader.Parse("name: happy-path\n", "h.yaml");

        Assert.Equal(1, s.Seed);
        Assert.Equal(Scenario.DefaultNow, s.Now);
        Assert.Equal("prov-valid", s.Pki.ProvisioningCertificate);
        Assert.Equal(CaPolicy.AutoIssue, s.Ca.Policy);
        Assert.Equal("contoso.com", Assert.Single(s.Network.Scopes).Option15);
        Assert.Equal(ServerKind.Builtin, s.Server.Kind);
    }

    [Theory]
    [InlineData("name: x\nseeed: 3\n", 2, 1, "unknown key 'seeed' in scenario")]
    [InlineData("name: x\nnetwork:\n  scopes:\n    - name: a\n      optoin15: contoso.com\n", 5, 7, "unknown key 'optoin15' in scope")]
    [InlineData("name: x\nseed: many\n", 2, 7, "'many' is not a whole number")]
    [InlineData("name: x\nca:\n  policy: maybe\n", 3, 11, "'maybe' is not one of: auto-issue, pending")]
    [InlineData("name: x\nrun-for: 3 days\n", 2, 10, "is not a duration")]
    [InlineData("name: x\nexpect:\n  devices:\n    - reason: Expired\n", 4, 15, "'Expired' is not one of")]
    [InlineData("description: no name\n", 1, 1, "scenario needs 'name'")]
    [InlineData("name: x\nname: y\n", 2, 1, "Duplicate key")]
    [InlineData("name: [unclosed\n", 2, 1, "not valid YAML")]
    [InlineData("", 1, 1, "the file is empty")]
    [InlineData("name: x\nserver:\n  kind: external\n", 3, 3, "needs 'command'")]
    [InlineData("name: x\nexpect:\n  log:\n    - regex: '(['\n", 4, 14, "not a valid regular expression")]
    [InlineData("name: x\nnetwork:\n  scopes:\n    - name: a\n      option15: contoso..com\n", 5, 17, "is not a DNS name")]
    public void Parse_BadInput_NamesFileLineColumnAndProblem(string yaml, int line, int column, string problem)
    {
        var ex = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse(yaml, "bad.yaml"));

        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.Equal(line, ex.Line);
        Assert.Equal(column, ex.Column);
        Assert.StartsWith($"bad.yaml:{line}:{column}: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_MissingFile_IsAFormatErrorNamingTheFile()
    {
        var ex = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.LoadFile("/nonexistent/s.yaml"));

        Assert.StartsWith("/nonexistent/s.yaml:", ex.Message, StringComparison.Ordinal);
    }

    // issue 17: 50,000 levels of flow nesting overflowed the stack inside YamlDotNet (exit 134).
    [Fact]
    public void Parse_FiftyThousandLevelsOfNesting_RefusedAtTheFirstLevelTooDeep()
    {
        var yaml = "name: y\nrun-for: 1s\ndescription: " + new string('[', 50_000) + new string(']', 50_000) + "\n";

        var ex = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse(yaml, "d.yaml"));

        Assert.Contains("nested more than 64 levels", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, ex.Line);
        Assert.Equal(13 + YamlShapeGuard.MaxDepth, ex.Column); // the root mapping is level 1
    }

    [Fact]
    public void Parse_NestingAtTheLimit_ReachesTheSchemaCheck()
    {
        var yaml = "name: y\ndescription: " + new string('[', YamlShapeGuard.MaxDepth - 1) + new string(']', YamlShapeGuard.MaxDepth - 1) + "\n";

        var ex = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse(yaml, "d.yaml"));

        Assert.Contains("scenario.description must be a single value", ex.Message, StringComparison.Ordinal);
    }

    private static string AliasBomb(string use)
    {
        var lines = new List<string> { "name: bomb", "anchors:" };
        lines.Add("  - &a0 [" + string.Join(",", Enumerable.Repeat("x", 10)) + "]");
        for (var i = 1; i < 10; i++)
        {
            lines.Add($"  - &a{i} [" + string.Join(",", Enumerable.Repeat($"*a{i - 1}", 10)) + "]");
        }

        lines.Add(use);
        return string.Join("\n", lines) + "\n";
    }

    // issue 17: the alias bomb used as a mapping key (568 bytes, 10 levels) took 70 s, x10 per level.
    [Fact]
    public void Parse_AliasBombAsMappingKey_RefusedOnceExpansionPassesTheCap()
    {
        var yaml = AliasBomb("? *a9\n: 1");

        var ex = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse(yaml, "bomb.yaml"));

        Assert.Contains("once aliases are expanded", ex.Message, StringComparison.Ordinal);
        Assert.Equal(7, ex.Line); // &a4 would hold 111,111 values
    }

    // issue 17
    [Fact]
    public void Parse_AliasBombAsValue_RefusedOnceExpansionPassesTheCap()
    {
        var ex = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse(AliasBomb("expect: { log: [*a9] }"), "bomb.yaml"));

        Assert.Contains("once aliases are expanded", ex.Message, StringComparison.Ordinal);
    }

    // issue 17
    [Fact]
    public void Parse_AliasAsMappingKey_RefusedWithItsPosition()
    {
        var ex = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse("name: &n x\n? *n\n: 1\n", "k.yaml"));

        Assert.Contains("alias as a key", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, ex.Line);
        Assert.Equal(3, ex.Column);
    }

    [Fact]
    public void Parse_SmallAliasAsValue_StillAccepted()
    {
        var s = ScenarioLoader.Parse("name: x\ndescription: &d shared\nexpect:\n  log: [*d]\n", "a.yaml");

        Assert.Equal("shared", s.Expect.Log[0].Text);
    }

    // issue 17: a year added to the CA's validity overflowed (unhandled ArgumentOutOfRangeException).
    [Theory]
    [InlineData("name: y\nnow: 9999-12-31T23:59:59Z\nrun-for: 1d\n", 2, 6, "is outside 1970-01-01 to 2199-12-31")]
    [InlineData("name: y\nnow: 1969-12-31T23:59:59Z\n", 2, 6, "is outside 1970-01-01 to 2199-12-31")]
    [InlineData("name: y\nrun-for: 99999999999w\n", 2, 10, "is longer than 36525 days (100 years) either way")]
    [InlineData("name: y\ndevices:\n  clock-offset: -36526d\n", 3, 17, "is longer than 36525 days")]
    [InlineData("name: y\nrun-for: NaNs\n", 2, 10, "is not a duration")]
    [InlineData("name: y\nrun-for: Infinityh\n", 2, 10, "is not a duration")]
    [InlineData("name: y\nrun-for: 1e400s\n", 2, 10, "is not a duration")]
    public void Parse_TimeOrDurationOutOfRange_NamesFileLineColumn(string yaml, int line, int column, string problem)
    {
        var ex = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse(yaml, "n.yaml"));

        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith($"n.yaml:{line}:{column}: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LongestDurationAndLatestTime_Accepted()
    {
        var s = ScenarioLoader.Parse("name: y\nnow: 2199-12-31T00:00:00Z\nrun-for: 36525d\n", "n.yaml");

        Assert.Equal(TimeSpan.FromDays(36525), s.RunFor);
    }

    // issue 17: the whole file was read into memory whatever its size (a 5 GB file ran out of memory).
    [Fact]
    public void LoadFile_LargerThanTheCap_RefusedNamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"amtsim-big-{Environment.ProcessId}.yaml");
        try
        {
            using (var f = File.Create(path))
            {
                f.Write(System.Text.Encoding.ASCII.GetBytes("name: big\ndescription: "));
                f.SetLength(YamlShapeGuard.MaxBytes + 2);
            }

            var ex = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.LoadFile(path));

            Assert.StartsWith($"{path}:0:0: the file is larger than 1,048,576 bytes", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    // issue 17: a device or pipe reports length 0; reading stops at the cap instead of running out of memory.
    [Fact]
    public void LoadFile_DeviceOfUnknownLength_RefusedAfterTheCap()
    {
        if (!File.Exists("/dev/zero"))
        {
            return; // not a Unix host; the capped read is the same code for any stream
        }

        var ex = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.LoadFile("/dev/zero"));

        Assert.Contains("the file is larger than", ex.Message, StringComparison.Ordinal);
    }

    // issue 17: crashers found by `amtsim fuzz` (seed 1). Each input first shows that YamlDotNet alone
    // throws something other than a YamlException on it (the crash), then that the loader names file:line:column.
    [Theory]
    [InlineData("name: x\nexpect:\n  devices:\n    - { scope: hq, state: pre, reas\r\n\r\non: IntermediateExpired }\n", 4, "not valid YAML")]
    [InlineData("name: x\npki:\n  : 2026-06-01T12:00:00Z\nrun-for: 2h\npki:\n  : 2026-06-01T12:00:00Z\n", 3, "a mapping key is empty")]
    public void Parse_FuzzCrasher_IsAFormatErrorNotAYamlDotNetException(string yaml, int line, string problem)
    {
        var raw = Record.Exception(() => new YamlDotNet.RepresentationModel.YamlStream().Load(new StringReader(yaml)));
        Assert.True(raw is InvalidOperationException or ArgumentException, $"not a crasher of YamlDotNet any more: {raw}");

        var ex = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse(yaml, "fuzz.yaml"));

        Assert.Contains(problem, ex.Problem, StringComparison.Ordinal);
        Assert.Equal(line, ex.Line);
    }

    [Fact]
    public void Parse_AliasToNoEarlierAnchor_RefusedWithItsPosition()
    {
        var ex = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse("name: x\ndescription: *nowhere\n", "a.yaml"));

        Assert.Contains("alias '*nowhere' refers to no anchor", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, ex.Line);
    }
}
