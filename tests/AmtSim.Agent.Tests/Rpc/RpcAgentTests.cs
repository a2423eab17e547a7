using System.Net;
using System.Text;
using System.Text.Json;
using AmtSim.Agent.Rpc;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Host;
using AmtSim.Testing.Replay;
using AmtSim.Testing.Rps;
using Xunit;

namespace AmtSim.Agent.Tests.Rpc;

/// <summary>
/// The agent end to end (issue 14 item 2): a fake RPS written here speaks RPS's side of the protocol over a
/// real websocket and sends RPS's recorded requests (fixtures/rps/transcripts) as <c>wsman</c> messages,
/// signing Digest with the password the agent reported; the agent relays each through the host's LMS to a
/// real device listener and returns the raw responses.
/// </summary>
public class RpcAgentTests
{
    private static readonly string[] CcmAsRealAmtAnswers = RealAmtAnswers.Ccm1;

    private const string CcmSuccess = "{\"Status\":\"Client control mode.\",\"Network\":\"Wired Network Configured\",\"CIRAConnection\":\"\",\"TLSConfiguration\":\"\"}";

    [Fact]
    public async Task Activate_CcmTranscriptFromFakeRps_PayloadFromMeiEveryRequestRelayedAndRpsSuccessReported()
    {
        var transcript = RpsTranscript.Load("ccm-1");
        await using var device = ReplayDevice.Start(transcript);
        device.Device.LocalSystemPassword = LocalSystemPasswords.For(7);
        var host = new HostMachine(device.Device, device.HttpEndPoint.Port);
        JsonElement activation = default;
        JsonElement payload = default;
        string? heartbeat = null;
        var replayed = new List<string>();
        await using (var rps = new FakeRps(async session =>
        {
            using var first = await session.ReceiveAsync();
            activation = first.RootElement.Clone();
            payload = JsonDocument.Parse(Convert.FromBase64String(activation.GetProperty("payload").GetString()!)).RootElement.Clone();
            await session.SendAsync(new { method = "heartbeat_request", apiKey = "xxxxx", appVersion = "2.31.0", protocolVersion = "4.0.0", status = "ok", message = "ok", payload = "" });
            using (var beat = await session.ReceiveAsync())
            {
                heartbeat = beat.RootElement.GetProperty("method").GetString() + "/" + beat.RootElement.GetProperty("status").GetString();
            }

            // RPS signs Digest as $$OsAdmin with the password the agent sent, then as admin with the profile's.
            var replayer = new TranscriptReplayer(new SocketExchangeTransport(new IPEndPoint(IPAddress.Loopback, 9)), new ReplayCredentials(payload.GetProperty("password").GetString()!));
            foreach (var exchange in transcript.Exchanges)
            {
                var (bytes, request) = replayer.Prepare(exchange);
                var response = await session.WsmanAsync(bytes);
                replayed.Add(ReplayedExchange.From(exchange.Number, request, response).ToString());
                replayer.Observe(response);
            }

            await session.FinishAsync("success", CcmSuccess);
        }))
        {
            var outcome = await new RpcAgent(host).RunAsync(new RpcCommand(RpcAction.Activate, rps.Url, "ccm1"), CancellationToken.None);

            Assert.Equal((RpcExitCode.Success, 12), (outcome.ExitCode, outcome.WsmanCalls));
            Assert.Equal(["Status: Client control mode.", "Network: Wired Network Configured", "CIRA: ", "TLS: "], outcome.Lines);
        }

        Assert.Equal(("activate --profile ccm1", "4.0.0", "key"), (activation.GetProperty("method").GetString(), activation.GetProperty("protocolVersion").GetString(), activation.GetProperty("apiKey").GetString()));
        Assert.Equal(("RPC", transcript.Uuid.ToString(), "$$OsAdmin", LocalSystemPasswords.For(7), 0, "contoso.com"),
            (payload.GetProperty("client").GetString(), payload.GetProperty("uuid").GetString(), payload.GetProperty("username").GetString(), payload.GetProperty("password").GetString(), payload.GetProperty("currentMode").GetInt32(), payload.GetProperty("fqdn").GetString()));
        Assert.Equal(("16.1.25", "2124", "16392"), (payload.GetProperty("ver").GetString(), payload.GetProperty("build").GetString(), payload.GetProperty("sku").GetString()));
        Assert.Equal(device.Device.HashTable.Select(h => h.Hex.ToLowerInvariant()), payload.GetProperty("certHashes").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal("heartbeat_response/success", heartbeat);
        Assert.Equal(CcmAsRealAmtAnswers, replayed);
        Assert.Equal((ProvisioningState.Post, ControlMode.Client), (device.Device.State, device.Device.ControlMode));
    }

    [Fact]
    public async Task Activate_RpsEndsWithErrorStatus_ActivationFailed102WithRpsText()
    {
        await using var device = ReplayDevice.Start(RpsTranscript.Load("ccm-1"));
        await using var rps = new FakeRps(async session =>
        {
            (await session.ReceiveAsync()).Dispose();
            await session.FinishAsync("error", "{\"Status\":\"Failed to activate in admin control mode.\"}");
        });

        var outcome = await new RpcAgent(new HostMachine(device.Device, device.HttpEndPoint.Port)).RunAsync(new RpcCommand(RpcAction.Activate, rps.Url, "acm1"), CancellationToken.None);

        Assert.Equal((RpcExitCode.ActivationFailed, "ActivationFailed", "error"), (outcome.ExitCode, outcome.ExitName, outcome.FinalMethod));
        Assert.Equal(["Failed to activate in admin control mode."], outcome.Lines);
    }

    [Fact]
    public async Task Activate_RpsPlainStringError_KeptAsSent()
    {
        const string text = "Device x activation failed. Specified AMT domain suffix: northwindtraders.com does not match list of available AMT domain suffixes.";
        await using var device = ReplayDevice.Start(RpsTranscript.Load("ccm-1"));
        await using var rps = new FakeRps(async session =>
        {
            (await session.ReceiveAsync()).Dispose();
            await session.FinishAsync("error", text);
        });

        var outcome = await new RpcAgent(new HostMachine(device.Device, device.HttpEndPoint.Port)).RunAsync(new RpcCommand(RpcAction.Activate, rps.Url, "acm1", DnsSuffix: "northwindtraders.com"), CancellationToken.None);

        Assert.Equal((RpcExitCode.ActivationFailed, text, 0), (outcome.ExitCode, outcome.FinalMessage, outcome.WsmanCalls));
        Assert.Equal([text], outcome.Lines);
    }

    [Fact]
    public async Task Activate_RpsClosesWithoutFinalMessage_GenericFailure()
    {
        await using var device = ReplayDevice.Start(RpsTranscript.Load("ccm-1"));
        await using var rps = new FakeRps(async session => (await session.ReceiveAsync()).Dispose());

        var outcome = await new RpcAgent(new HostMachine(device.Device, device.HttpEndPoint.Port)).RunAsync(new RpcCommand(RpcAction.Activate, rps.Url, "ccm1"), CancellationToken.None);

        Assert.Equal((RpcExitCode.GenericFailure, "rps connection closed unexpectedly"), (outcome.ExitCode, outcome.Detail));
    }

    [Fact]
    public async Task Activate_SuffixOverride_ReplacesTheDevicesSuffixInThePayload()
    {
        await using var device = ReplayDevice.Start(RpsTranscript.Load("ccm-1"), suffix: "northwindtraders.com");
        string? fqdn = null;
        await using (var rps = new FakeRps(async session =>
        {
            using var first = await session.ReceiveAsync();
            fqdn = JsonDocument.Parse(Convert.FromBase64String(first.RootElement.GetProperty("payload").GetString()!)).RootElement.GetProperty("fqdn").GetString();
            await session.FinishAsync("error", "{\"Status\":\"x\"}");
        }))
        {
            await new RpcAgent(new HostMachine(device.Device, device.HttpEndPoint.Port)).RunAsync(new RpcCommand(RpcAction.Activate, rps.Url, "acm1", DnsSuffix: "contoso.com"), CancellationToken.None);
        }

        Assert.Equal("contoso.com", fqdn);
    }

    [Fact]
    public async Task Activate_ManyDevicesAtOnce_EachItsOwnWebsocketAndItsOwnDevice()
    {
        var devices = new List<ReplayDevice>();
        try
        {
            var transcript = RpsTranscript.Load("ccm-1");
            for (var i = 0; i < 6; i++)
            {
                var d = ReplayDevice.Start(transcript);
                devices.Add(d);
            }

            var seen = new System.Collections.Concurrent.ConcurrentBag<(string Uuid, int Status)>();
            await using (var rps = new FakeRps(async session =>
            {
                using var first = await session.ReceiveAsync();
                var uuid = JsonDocument.Parse(Convert.FromBase64String(first.RootElement.GetProperty("payload").GetString()!)).RootElement.GetProperty("uuid").GetString()!;
                var response = await session.WsmanAsync(Encoding.UTF8.GetBytes(transcript.Exchanges[0].Request));
                seen.Add((uuid, ReplayedExchange.From(1, null, response).Status));
                await session.FinishAsync("success", CcmSuccess);
            }))
            {
                var outcomes = await Task.WhenAll(devices.Select(d => new RpcAgent(new HostMachine(d.Device, d.HttpEndPoint.Port)).RunAsync(new RpcCommand(RpcAction.Activate, rps.Url, "ccm1"), CancellationToken.None)));

                Assert.All(outcomes, o => Assert.Equal((RpcExitCode.Success, 1), (o.ExitCode, o.WsmanCalls)));
            }

            Assert.Equal(6, seen.Count);
            Assert.All(seen, s => Assert.Equal(401, s.Status));
            // Each agent's request reached its own device's listener.
            Assert.All(devices, d => Assert.Contains(d.Device.Audit.Entries, e => e is AmtSim.Firmware.Audit.ConnectionAudit));
        }
        finally
        {
            foreach (var d in devices)
            {
                await d.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Deactivate_WithoutPassword_MissingOrIncorrectPassword23WithoutConnecting()
    {
        await using var device = ReplayDevice.Start(RpsTranscript.Load("ccm-1"));

        var outcome = await new RpcAgent(new HostMachine(device.Device, device.HttpEndPoint.Port)).RunAsync(new RpcCommand(RpcAction.Deactivate, new Uri("ws://127.0.0.1:9/activate")), CancellationToken.None);

        Assert.Equal((RpcExitCode.MissingOrIncorrectPassword, "MissingOrIncorrectPassword"), (outcome.ExitCode, outcome.ExitName));
    }

    [Fact]
    public void Method_ActivateAndDeactivate_AsRpcGoWritesThem()
    {
        Assert.Equal("activate --profile p1", new RpcCommand(RpcAction.Activate, new Uri("ws://h/"), "p1").Method);
        Assert.Equal("deactivate --password P@ss", new RpcCommand(RpcAction.Deactivate, new Uri("ws://h/"), Password: "P@ss").Method);
    }
}
