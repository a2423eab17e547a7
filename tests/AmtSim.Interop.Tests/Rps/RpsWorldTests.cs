using System.Net;
using System.Text.Json;
using AmtSim.Scenarios.Loading;
using AmtSim.Scenarios.Model;
using AmtSim.Scenarios.Running;
using AmtSim.Scenarios.World;
using AmtSim.Testing.Fixtures;
using AmtSim.Testing.Replay;
using AmtSim.Testing.Rps;
using Xunit;

namespace AmtSim.Interop.Tests.Rps;

/// <summary>
/// `server.kind: rps` end to end against a fake RPS written in the test (real RPS cannot be installed in CI):
/// the world creates the profile (and for ACM the domain) over REST, every device's agent opens its own
/// websocket, the fake sends RPS's recorded CCM requests (ccm-1) signed with the password the agent reported,
/// and the shipped scenario's expectations are checked against what the fake said. Partition 8.
/// </summary>
public class RpsWorldTests
{
    private const string CcmSuccess = "{\"Status\":\"Client control mode.\",\"Network\":\"Wired Network Configured\",\"CIRAConnection\":\"\",\"TLSConfiguration\":\"\"}";

    [Fact]
    public async Task World_ShippedCcmScenarioAgainstFakeRps_ProfileCreatedEveryDeviceActivatedExpectationsMet()
    {
        var transcript = RpsTranscript.Load("ccm-1");
        var scenario = ScenarioLoader.LoadFile(Path.Combine(RepoFixtures.RepositoryRoot, "scenarios", "interop", "rps", "rps-ccm-happy-path.yaml"));
        var uuids = new System.Collections.Concurrent.ConcurrentBag<string>();
        await using var rps = new FakeRps(async session =>
        {
            using var first = await session.ReceiveAsync();
            var payload = JsonDocument.Parse(Convert.FromBase64String(first.RootElement.GetProperty("payload").GetString()!)).RootElement;
            uuids.Add(payload.GetProperty("uuid").GetString()!);
            var replayer = new TranscriptReplayer(new SocketExchangeTransport(new IPEndPoint(IPAddress.Loopback, 9)), new ReplayCredentials(payload.GetProperty("password").GetString()!));
            foreach (var exchange in transcript.Exchanges.Take(3))
            {
                var (bytes, _) = replayer.Prepare(exchange);
                replayer.Observe(await session.WsmanAsync(bytes));
            }

            await session.FinishAsync("success", CcmSuccess);
        }, (method, path, _) => (method, path) switch
        {
            ("GET", "/api/v1/admin/health") => (200, "{}"),
            ("DELETE", _) => (404, "{\"error\":\"Not Found\",\"message\":\"not found\"}"),
            ("POST", "/api/v1/admin/profiles") => (201, "{}"),
            _ => (500, "{}"),
        });
        scenario = scenario with { Server = scenario.Server with { Rps = scenario.Server.Rps with { Url = rps.Url.ToString(), Api = rps.Api.ToString() } } };

        var observation = await RunAsync(scenario);

        Assert.Empty(ExpectationChecker.Check(scenario.Expect, observation));
        Assert.Equal(observation.Devices.Select(d => d.Uuid.ToString()).Order(), uuids.Order());
        Assert.All(observation.Rps, o => Assert.Equal((0, 3), (o.ExitCode, o.WsmanCalls)));
        var profile = rps.RestCalls.Single(c => c.Request == "POST /api/v1/admin/profiles");
        using var body = JsonDocument.Parse(profile.Body);
        Assert.Equal(("amtsim-rps-ccm-happy-path", "ccmactivate", "P@ssw0rd!1"), (body.RootElement.GetProperty("profileName").GetString(), body.RootElement.GetProperty("activation").GetString(), body.RootElement.GetProperty("amtPassword").GetString()));
        Assert.DoesNotContain(rps.RestCalls, c => c.Request.StartsWith("POST /api/v1/admin/domains", StringComparison.Ordinal));
        Assert.Contains(rps.RestCalls, c => c.Request == "DELETE /api/v1/admin/profiles/amtsim-rps-ccm-happy-path");
    }

    [Fact]
    public async Task World_RpsRefusesTheDomain_ApiErrorObservedAndNoAgentRuns()
    {
        var scenario = ScenarioLoader.LoadFile(Path.Combine(RepoFixtures.RepositoryRoot, "scenarios", "interop", "rps", "rps-acm-expired-intermediate.yaml"));
        var sessions = 0;
        await using var rps = new FakeRps(_ =>
        {
            Interlocked.Increment(ref sessions);
            return Task.CompletedTask;
        }, (method, path, _) => (method, path) switch
        {
            ("POST", "/api/v1/admin/domains") => (400, "{\"errors\":[{\"type\":\"field\",\"msg\":\"Uploaded certificate has expired\",\"path\":\"provisioningCert\",\"location\":\"body\"}]}"),
            ("DELETE", _) => (404, "{}"),
            _ => (200, "{}"),
        });
        scenario = scenario with { Server = scenario.Server with { Rps = scenario.Server.Rps with { Url = rps.Url.ToString(), Api = rps.Api.ToString() } } };

        var observation = await RunAsync(scenario);

        Assert.Empty(ExpectationChecker.Check(scenario.Expect, observation));
        Assert.Equal("400 Uploaded certificate has expired", observation.RpsApiError);
        Assert.Equal((0, 0), (sessions, observation.Rps.Count));
        Assert.DoesNotContain(rps.RestCalls, c => c.Request == "POST /api/v1/admin/profiles");
    }

    [Fact]
    public async Task World_NoRpsNamed_SkippedNamingTheVariables()
    {
        var scenario = ScenarioLoader.LoadFile(Path.Combine(RepoFixtures.RepositoryRoot, "scenarios", "interop", "rps", "rps-ccm-happy-path.yaml"));
        if (Environment.GetEnvironmentVariable("AMTSIM_RPS_URL") is { Length: > 0 })
        {
            return; // someone pointed the run at a real RPS; nothing to skip.
        }

        var error = await Assert.ThrowsAsync<ScenarioSkippedException>(() => RunAsync(scenario));

        Assert.Contains("AMTSIM_RPS_URL", error.Message, StringComparison.Ordinal);
        Assert.Contains("AMTSIM_RPS_API", error.Message, StringComparison.Ordinal);
    }

    private static async Task<RunObservation> RunAsync(Scenario scenario)
    {
        var work = Directory.CreateTempSubdirectory("amtsim-rps-world-").FullName;
        try
        {
            return await new WorldExecutor(RepoFixtures.PkiDirectory).ExecuteAsync(scenario, scenario.Seed, new RunOptions { WorkDirectory = work, Partition = 8 }, CancellationToken.None);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
