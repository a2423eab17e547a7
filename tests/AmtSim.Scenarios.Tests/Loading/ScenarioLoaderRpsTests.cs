using AmtSim.Scenarios.Loading;
using AmtSim.Scenarios.Model;
using Xunit;

namespace AmtSim.Scenarios.Tests.Loading;

/// <summary>`server.kind: rps` and `expect.rps` (issue 14 item 3).</summary>
public class ScenarioLoaderRpsTests
{
    [Fact]
    public void Parse_RpsServer_ReadsEveryField()
    {
        var s = ScenarioLoader.Parse("""
            name: x
            server:
              kind: rps
              url: ws://127.0.0.1:8080/activate
              api: http://127.0.0.1:8081
              activation: acm
              amt-password: "Amt!Passw0rd"
              mebx-password: "Mebx!Passw0rd"
              domain-suffix: contoso.com
              dns-suffix: contoso.com
            expect:
              rps:
                success: 1
                error: 2
                messages: [ "Admin control mode.", { regex: 'Status.*mode' } ]
                api-error: "Uploaded certificate has expired"
            """, "x.yaml");

        Assert.Equal(ServerKind.Rps, s.Server.Kind);
        Assert.Equal(new RpsSpec
        {
            Url = "ws://127.0.0.1:8080/activate",
            Api = "http://127.0.0.1:8081",
            Activation = RpsActivation.Acm,
            AmtPassword = "Amt!Passw0rd",
            MebxPassword = "Mebx!Passw0rd",
            DomainSuffix = "contoso.com",
            DnsSuffix = "contoso.com",
        }, s.Server.Rps);
        var rps = s.Expect.Rps!;
        Assert.Equal((1, 2), (rps.Success, rps.Error));
        Assert.Equal([new LogLineExpectation("Admin control mode.", false), new LogLineExpectation("Status.*mode", true)], rps.Messages);
        Assert.Equal(new LogLineExpectation("Uploaded certificate has expired", false), rps.ApiError);
    }

    [Theory]
    [InlineData("name: x\nserver:\n  url: ws://h:8080/activate\n", "server.url configures an RPS: it needs 'kind: rps'")]
    [InlineData("name: x\nserver:\n  kind: rps\n  url: http://h:8080/\n", "server.url: 'http://h:8080/' is not a ws:// or wss:// URL")]
    [InlineData("name: x\nserver:\n  kind: rps\n  api: ws://h:8081\n", "server.api: 'ws://h:8081' is not a http:// or https:// URL")]
    [InlineData("name: x\nserver:\n  kind: rps\n  activation: acme\n", "acme")]
    [InlineData("name: x\nserver:\n  kind: rps\n  command: [ node, rps.js ]\n", "never started by amtsim")]
    [InlineData("name: x\nexpect:\n  rps: { success: 1 }\n", "expect.rps checks RPS's final messages: it needs 'server.kind: rps'")]
    [InlineData("name: x\nserver:\n  kind: rps\nexpect:\n  rps: { succes: 1 }\n", "succes")]
    public void Parse_RpsFieldsMisused_IsInvalidWithWhere(string yaml, string problem)
    {
        var error = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse(yaml, "x.yaml"));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.True(error.Line > 0, error.Message);
    }

    [Fact]
    public void ShippedRpsScenarios_AllLoad()
    {
        var folder = Path.Combine(RepoRoot(), "scenarios", "interop", "rps");
        var files = Directory.GetFiles(folder, "*.yaml");

        Assert.Equal(6, files.Length);
        Assert.All(files, f => Assert.Equal(ServerKind.Rps, ScenarioLoader.LoadFile(f).Server.Kind));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "scenarios", "interop")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
