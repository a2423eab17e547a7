using System.Text;
using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Device;
using AmtSim.Runtime.Time;
using AmtSim.Firmware.Web;
using AmtSim.Firmware.Web.Digest;
using AmtSim.Testing.Web;
using Xunit;

namespace AmtSim.Firmware.Tests.Web;

public class FirmwareWebServerHttpTests : IAsyncLifetime
{
    private const string Password = "Mebx!Pass1";
    private readonly VirtualTimeProvider _time = new(WebTestDevices.Start);
    private readonly EchoWsmanHandler _handler = new();
    private readonly ErrorCollectingLoggerFactory _logs = new();
    private readonly AmtDevice _device;
    private readonly FirmwareWebServer _server;

    public FirmwareWebServerHttpTests()
    {
        _device = WebTestDevices.Create(time: _time, withCertificate: false);
        _device.MebxPassword = Password;
        _server = new FirmwareWebServer(_device, _handler, WebTestDevices.Options() with { OsAdminPassword = "Os!Admin99" }, _logs);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _logs.AssertNoErrors();
    }

    [Fact]
    public async Task Post_WithoutAuthorization_Gets401AndConnectionEndsUnauthorized()
    {
        var client = new PipeClient(_server);
        var response = await client.ChallengeAsync();

        Assert.Equal(401, response.StatusCode);
        Assert.Equal(_device.DigestRealm, client.Realm);
        Assert.Equal("close", response.Headers["Connection"]);
        Assert.Equal("Intel(R) Active Management Technology 16.1.25.2124", response.Headers["Server"]);
        Assert.Null(response.Headers["Date"]); // AMT's 401 carries no Date (amt-reference.md §5)
        Assert.Null(await client.ReceiveAsync());
        Assert.Equal(ConnectionEndReason.Unauthorized, (await client.Connection).Reason);
        Assert.Empty(_handler.Calls);
    }

    [Fact]
    public async Task Post_DigestOnKeepAliveConnection_HandlerAnswersEveryRequest()
    {
        var first = new PipeClient(_server);
        await first.ChallengeAsync();
        var client = new PipeClient(_server) { Nonce = first.Nonce, Realm = first.Realm };

        await client.SendAsync(client.Post("<one/>", "admin", Password));
        var one = await client.ReceiveAsync();
        await client.SendAsync(client.Post("<two/>", "admin", Password, chunked: true));
        var two = await client.ReceiveAsync();
        await client.CloseAsync();

        Assert.Equal(200, one!.StatusCode);
        Assert.True(one.Chunked);
        Assert.Equal("application/soap+xml; charset=UTF-8", one.Headers["Content-Type"]);
        Assert.Equal("DENY", one.Headers["X-Frame-Options"]);
        Assert.Equal(_device.Clock.Now.ToString("r", System.Globalization.CultureInfo.InvariantCulture), one.Headers["Date"]); // issue 15: real AMT dates its WS-Man replies
        Assert.Null(one.Headers["Connection"]);
        Assert.Equal("<echo user=\"admin\" tls=\"False\" cert=\"False\"><one/></echo>", Encoding.UTF8.GetString(one.Body.Span));
        Assert.Equal(200, two!.StatusCode);
        Assert.Equal(["<one/>", "<two/>"], _handler.Calls.Select(c => c.Body));
        var record = await client.Connection;
        Assert.Equal(ConnectionEndReason.ClientClosed, record.Reason);
        Assert.Equal(2, record.Requests);
    }

    // issue 17: a response computed over POST:/other was accepted for /wsman.
    [Fact]
    public async Task Post_DigestComputedForAnotherUri_Gets401AndHandlerNotCalled()
    {
        var first = new PipeClient(_server);
        await first.ChallengeAsync();
        var client = new PipeClient(_server);
        var headers = new Protocol.Http.HttpHeaders();
        headers.Add("Host", "device:16992");
        headers.Add("Authorization", Protocol.Http.DigestCredentials.ForRequest("admin", Password, first.Realm!, first.Nonce!, 1, "c1", "POST", "/other").ToHeaderValue());

        await client.SendAsync(new Protocol.Http.HttpRequest { Method = "POST", Target = "/wsman", MinorVersion = 1, Headers = headers, Body = Encoding.UTF8.GetBytes("<x/>") });

        Assert.Equal(401, (await client.ReceiveAsync())!.StatusCode);
        Assert.Empty(_handler.Calls);
        Assert.Contains(_device.Audit.OfType<AuthenticationAudit>(), a => !a.Succeeded && a.Detail.Contains("not the request target", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Post_HandlerFault_Is400ChunkedSoap()
    {
        var client = new PipeClient(_server);
        await client.ChallengeAsync();
        var next = new PipeClient(_server) { Nonce = client.Nonce, Realm = client.Realm };
        await next.SendAsync(next.Post("<fault/>", "admin", Password));
        var response = await next.ReceiveAsync();
        Assert.Equal(400, response!.StatusCode);
        Assert.True(response.Chunked);
        Assert.Equal("application/soap+xml; charset=UTF-8", response.Headers["Content-Type"]);
    }

    [Fact]
    public async Task Post_ConnectionClose_RepliesChunkedWithCloseAndEndsCloseRequested()
    {
        var client = new PipeClient(_server);
        await client.ChallengeAsync();
        var next = new PipeClient(_server) { Nonce = client.Nonce, Realm = client.Realm };
        await next.SendAsync(next.Post("<x/>", DigestAuthenticator.OsAdminUser, "Os!Admin99", close: true, quoteNcAndQop: true));
        var response = await next.ReceiveAsync();

        Assert.Equal(200, response!.StatusCode);
        Assert.True(response.Chunked);
        Assert.Equal("close", response.Headers["Connection"]);
        Assert.Equal(ConnectionEndReason.CloseRequested, (await next.Connection).Reason);
        Assert.Equal("$$OsAdmin", _handler.Calls.Single().Caller.User);
    }

    [Fact]
    public async Task Post_StaleNonce_Gets401StaleTrue()
    {
        var client = new PipeClient(_server);
        await client.ChallengeAsync();
        _time.Advance(FirmwareWebServerOptions.DefaultNonceLifetime + TimeSpan.FromMinutes(1));
        var next = new PipeClient(_server) { Nonce = client.Nonce, Realm = client.Realm };
        await next.SendAsync(next.Post("<x/>", "admin", Password));
        var response = await next.ReceiveAsync();

        Assert.Equal(401, response!.StatusCode);
        Assert.Contains("stale=\"true\"", response.Headers["WWW-Authenticate"], StringComparison.Ordinal);
        Assert.NotEqual(client.Nonce, next.Nonce);
    }

    [Fact]
    public async Task Request_BadChunkSize_Gets400AndEndsMalformed()
    {
        var client = new PipeClient(_server);
        await client.SendAsync("POST /wsman HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\nXYZ\r\nhello\r\n0\r\n\r\n");
        var response = await client.ReceiveAsync();

        Assert.Equal(400, response!.StatusCode);
        Assert.Contains("BadChunkSize", Encoding.UTF8.GetString(response.Body.Span), StringComparison.Ordinal);
        Assert.Equal(ConnectionEndReason.MalformedRequest, (await client.Connection).Reason);
    }

    // issue 17: a request without Host was served.
    [Fact]
    public async Task Request_Http11WithoutHost_Gets400AndEndsMalformed()
    {
        var client = new PipeClient(_server);
        await client.SendAsync("POST /wsman HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
        var response = await client.ReceiveAsync();

        Assert.Equal(400, response!.StatusCode);
        Assert.Contains("MissingHost", Encoding.UTF8.GetString(response.Body.Span), StringComparison.Ordinal);
        Assert.Equal(ConnectionEndReason.MalformedRequest, (await client.Connection).Reason);
        Assert.Empty(_handler.Calls);
    }

    // issue 17: one-byte chunks, each its own write, were parsed again from the first byte on every read.
    [Fact]
    public async Task Request_OneByteChunksEachInItsOwnWrite_Gets400OnceTheFramingPassesTheCap()
    {
        var client = new PipeClient(_server);
        await client.SendAsync("POST /wsman HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\n");
        var sent = 0;
        var end = client.Connection;
        while (!end.IsCompleted && sent < 100_000)
        {
            await client.SendAsync("1\r\nx\r\n");
            sent++;
        }

        var response = await client.ReceiveAsync();

        Assert.Equal(400, response!.StatusCode);
        Assert.Contains("ChunkFramingTooLarge", Encoding.UTF8.GetString(response.Body.Span), StringComparison.Ordinal);
        Assert.Equal(ConnectionEndReason.RequestTooLarge, (await client.Connection).Reason);
    }

    [Fact]
    public async Task Request_OversizedBody_Gets400AndEndsRequestTooLarge()
    {
        var client = new PipeClient(_server);
        await client.SendAsync($"POST /wsman HTTP/1.1\r\nHost: d\r\nContent-Length: {_server.Options.Limits.MaxBodyBytes + 1}\r\n\r\n");
        Assert.Equal(400, (await client.ReceiveAsync())!.StatusCode);
        Assert.Equal(ConnectionEndReason.RequestTooLarge, (await client.Connection).Reason);
    }

    [Fact]
    public async Task Request_OversizedHeaders_Gets400AndEndsRequestTooLarge()
    {
        var client = new PipeClient(_server);
        await client.SendAsync("POST /wsman HTTP/1.1\r\nHost: d\r\nX-Big: " + new string('a', _server.Options.Limits.MaxHeaderBytes + 10));
        Assert.Equal(400, (await client.ReceiveAsync())!.StatusCode);
        Assert.Equal(ConnectionEndReason.RequestTooLarge, (await client.Connection).Reason);
    }

    [Fact]
    public async Task Request_ClientClosesMidRequest_EndsClientClosedMidRequest()
    {
        var client = new PipeClient(_server);
        await client.SendAsync("POST /wsman HTTP/1.1\r\nHost: d\r\nContent-Length: 100\r\n\r\npartial");
        await client.CloseAsync();
        Assert.Equal(ConnectionEndReason.ClientClosedMidRequest, (await client.Connection).Reason);
        Assert.Contains(_device.Audit.OfType<ConnectionAudit>(), a => a.What == "closed: ClientClosedMidRequest");
    }

    [Fact]
    public async Task Request_OtherPath_Gets404WithoutClosing()
    {
        var client = new PipeClient(_server);
        await client.SendAsync("GET /index.htm HTTP/1.1\r\nHost: x\r\n\r\nGET /index.htm HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(404, (await client.ReceiveAsync())!.StatusCode);
        Assert.Equal(404, (await client.ReceiveAsync())!.StatusCode);
        await client.CloseAsync();
        Assert.Equal(2, (await client.Connection).Requests);
    }

    [Fact]
    public async Task WrongPasswordFlood_LocksAdminWhileOthersAreServed_ThenRecovers()
    {
        var probe = new PipeClient(_server);
        await probe.ChallengeAsync();
        var nonce = probe.Nonce;

        for (var i = 0; i < FirmwareWebServerOptions.DefaultLockoutThreshold; i++)
        {
            var attacker = new PipeClient(_server) { Nonce = nonce, Realm = probe.Realm };
            await attacker.SendAsync(attacker.Post("<x/>", "admin", "wrong" + i, nc: 10 + i));
            Assert.Equal(401, (await attacker.ReceiveAsync())!.StatusCode);
        }

        var locked = new PipeClient(_server) { Nonce = nonce, Realm = probe.Realm };
        await locked.SendAsync(locked.Post("<x/>", "admin", Password, nc: 20));
        var refused = await locked.ReceiveAsync();
        Assert.Equal(401, refused!.StatusCode);
        Assert.Contains("temporarily locked", Encoding.ASCII.GetString(refused.Body.Span), StringComparison.Ordinal);

        var other = new PipeClient(_server) { Nonce = nonce, Realm = probe.Realm };
        await other.SendAsync(other.Post("<host/>", DigestAuthenticator.OsAdminUser, "Os!Admin99", nc: 21));
        Assert.Equal(200, (await other.ReceiveAsync())!.StatusCode);

        _time.Advance(FirmwareWebServerOptions.DefaultLockoutDuration);
        var recovered = new PipeClient(_server) { Nonce = nonce, Realm = probe.Realm };
        await recovered.SendAsync(recovered.Post("<back/>", "admin", Password, nc: 22));
        Assert.Equal(200, (await recovered.ReceiveAsync())!.StatusCode);
        Assert.Contains(_device.Audit.OfType<AuthenticationAudit>(), a => !a.Succeeded && a.Detail.StartsWith("LockedOut", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Post_Http10_GetsContentLengthReplyWithoutConnectionHeaderAndCloses()
    {
        var client = new PipeClient(_server);
        await client.ChallengeAsync();
        var next = new PipeClient(_server) { Nonce = client.Nonce, Realm = client.Realm };
        var request = next.Post("<old/>", "admin", Password);
        await next.SendAsync(new Protocol.Http.HttpRequest { Method = request.Method, Target = request.Target, MinorVersion = 0, Headers = request.Headers, Body = request.Body });
        var response = await next.ReceiveAsync();

        Assert.Equal(200, response!.StatusCode);
        Assert.False(response.Chunked);
        Assert.NotNull(response.Headers["Content-Length"]);
        Assert.Null(response.Headers["Connection"]);
        Assert.Equal(ConnectionEndReason.CloseRequested, (await next.Connection).Reason);
    }

    [Fact]
    public async Task Connection_SilentForIdleTimeout_EndsTimedOut()
    {
        var client = new PipeClient(_server);
        while (_time.PendingTimers == 0)
        {
            await Task.Yield();
        }

        _time.Advance(FirmwareWebServerOptions.DefaultIdleTimeout - TimeSpan.FromSeconds(1));
        Assert.False(client.Connection.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(ConnectionEndReason.TimedOut, (await client.Connection).Reason);
    }
}
