using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AmtSim.Protocol.Http;
using AmtSim.Provisioning.Wsman;
using Xunit;

namespace AmtSim.Provisioning.Tests.Wsman;

/// <summary>The service point's HTTP/1.1 with AMT's Digest, against a scripted server on a real loopback socket (issue 20).</summary>
public sealed class DigestHttpConnectionTests
{
    private const string Realm = "Digest:0123456789ABCDEF0123456789ABCDEF";
    private static readonly NetworkCredential Admin = new("admin", "P@ssw0rd");

    private static string Challenge(string nonce, bool stale = false)
        => $"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"{Realm}\", nonce=\"{nonce}\",stale=\"{(stale ? "true" : "false")}\",qop=\"auth\"\r\nContent-Length: 0\r\n\r\n";

    private static string Ok(string body, bool close = false)
        => $"HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml;charset=UTF-8\r\nTransfer-Encoding: chunked\r\n{(close ? "Connection: close\r\n" : "")}\r\n{body.Length:x}\r\n{body}\r\n0\r\n\r\n";

    /// <summary>True when the request carries a right Digest answer for <paramref name="nonce"/>; its nc goes to <paramref name="nc"/>.</summary>
    private static bool Authorized(HttpRequest request, string nonce, out long nc)
    {
        nc = -1;
        if (request.Headers["Authorization"] is not { } header || !DigestCredentials.TryParse(header, out var c, out _) || c.Nonce != nonce)
        {
            return false;
        }

        nc = c.NonceCount;
        return c.Response == DigestCredentials.ExpectedResponse(DigestCredentials.Ha1(Admin.UserName, Realm, Admin.Password), nonce, c.NonceCountText!, c.ClientNonce!, "auth", "POST", c.Uri);
    }

    /// <summary>A server that answers each request with what <c>script</c> says: a response to write, then whether to close; null closes without answering.</summary>
    private sealed class ScriptedServer : IAsyncDisposable
    {
        private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        private readonly Func<HttpRequest, int, (string? Response, bool Close)> _script;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _accepting;
        private int _requests;

        public ScriptedServer(Func<HttpRequest, int, (string? Response, bool Close)> script)
        {
            _script = script;
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _listener.Listen();
            _accepting = AcceptAsync();
        }

        public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

        public int Connections { get; private set; }

        public List<HttpRequest> Requests { get; } = [];

        public async ValueTask<Stream> ConnectAsync(CancellationToken ct)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(EndPoint, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var connection = await _listener.AcceptAsync(_stop.Token);
                    Connections++;
                    await ServeAsync(connection);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        private async Task ServeAsync(Socket connection)
        {
            using var stream = new NetworkStream(connection, ownsSocket: true);
            var reader = PipeReader.Create(stream);
            var parser = new HttpRequestParser();
            while (true)
            {
                var result = await reader.ReadAsync(_stop.Token);
                var sequence = new SequenceReader<byte>(result.Buffer);
                if (parser.TryRead(ref sequence, out var request))
                {
                    reader.AdvanceTo(sequence.Position);
                    Requests.Add(request);
                    var (response, close) = _script(request, _requests++);
                    if (response is null)
                    {
                        return;
                    }

                    await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
                    if (close)
                    {
                        return;
                    }

                    continue;
                }

                if (result.IsCompleted)
                {
                    return;
                }

                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Dispose();
            await _accepting;
        }
    }

    private static byte[] Body => "<Envelope/>"u8.ToArray();

    /// <summary>A safety net against a hang (a broken client would wait forever), not a timing assertion.</summary>
    private static CancellationToken Limit => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    [Fact]
    public async Task Post_ChallengeOnce_ThenEveryRequestAnswersTheSameNonceWithARisingCount()
    {
        var counts = new List<long>();
        await using var server = new ScriptedServer((request, _) =>
        {
            if (!Authorized(request, "N1", out var nc))
            {
                return (Challenge("N1"), false);
            }

            counts.Add(nc);
            return (Ok("<r/>"), false);
        });
        using var connection = new DigestHttpConnection(server.ConnectAsync, "device.contoso.com", 16992, Admin);

        for (var i = 0; i < 3; i++)
        {
            var response = await connection.PostAsync("/wsman", Body, Limit);
            Assert.Equal(200, response.StatusCode);
            Assert.Equal("<r/>", Encoding.UTF8.GetString(response.Body.Span));
        }

        Assert.Equal(4, server.Requests.Count);
        Assert.Null(server.Requests[0].Headers["Authorization"]);
        Assert.Equal([1, 2, 3], counts);
        Assert.Equal(1, server.Connections);
        Assert.All(server.Requests, r => Assert.Equal("device.contoso.com:16992", r.Headers["Host"]));
        Assert.All(server.Requests, r => Assert.Equal(Body, r.Body.ToArray()));
    }

    [Fact]
    public async Task Post_WrongPassword_TheSecond401IsTheCallers()
    {
        await using var server = new ScriptedServer((_, _) => (Challenge("N1"), false));
        using var connection = new DigestHttpConnection(server.ConnectAsync, "device", 16992, Admin);

        var response = await connection.PostAsync("/wsman", Body, Limit);

        Assert.Equal(401, response.StatusCode);
        Assert.Equal(2, server.Requests.Count);
        Assert.NotNull(server.Requests[1].Headers["Authorization"]);
    }

    [Fact]
    public async Task Post_StaleNonce_AnsweredAgainWithTheNewNonceFromCountOne()
    {
        long? lastCount = null;
        await using var server = new ScriptedServer((request, index) => index switch
        {
            0 => (Challenge("N1"), false),
            1 => Authorized(request, "N1", out _) ? (Ok("a"), false) : (Challenge("N1"), false),
            2 => (Challenge("N2", stale: true), false),
            _ => Authorized(request, "N2", out var nc) ? (Ok((lastCount = nc).ToString()!), false) : (Challenge("N2"), false),
        });
        using var connection = new DigestHttpConnection(server.ConnectAsync, "device", 16992, Admin);

        Assert.Equal(200, (await connection.PostAsync("/wsman", Body, Limit)).StatusCode);
        Assert.Equal(200, (await connection.PostAsync("/wsman", Body, Limit)).StatusCode);

        Assert.Equal(4, server.Requests.Count);
        Assert.Equal(1, lastCount);
    }

    [Fact]
    public async Task Post_AfterConnectionClose_OpensANewConnection()
    {
        await using var server = new ScriptedServer((request, index) => Authorized(request, "N1", out _) ? (Ok("x", close: true), true) : (Challenge("N1"), false));
        using var connection = new DigestHttpConnection(server.ConnectAsync, "device", 16992, Admin);

        Assert.Equal(200, (await connection.PostAsync("/wsman", Body, Limit)).StatusCode);
        Assert.Equal(200, (await connection.PostAsync("/wsman", Body, Limit)).StatusCode);

        Assert.Equal(2, server.Connections);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Post_KeepAliveConnectionClosedByTheDevice_SentAgainOnANewConnection()
    {
        await using var server = new ScriptedServer((request, index) => index switch
        {
            0 => (Challenge("N1"), false),
            1 => (Ok("first"), false),
            2 => (null, true),
            _ => Authorized(request, "N1", out _) ? (Ok("again"), false) : (Challenge("N1"), false),
        });
        using var connection = new DigestHttpConnection(server.ConnectAsync, "device", 16992, Admin);
        await connection.PostAsync("/wsman", Body, Limit);

        var response = await connection.PostAsync("/wsman", Body, Limit);

        Assert.Equal("again", Encoding.UTF8.GetString(response.Body.Span));
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task Post_FreshConnectionClosedWithoutAnswer_HttpRequestException()
    {
        await using var server = new ScriptedServer((_, _) => (null, true));
        using var connection = new DigestHttpConnection(server.ConnectAsync, "device", 16992, Admin);

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => connection.PostAsync("/wsman", Body, Limit));

        Assert.Contains("closed the connection before it answered", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task Post_ResponseCutShort_HttpRequestExceptionSaysHowMuchArrived()
    {
        await using var server = new ScriptedServer((_, _) => ("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this", true));
        using var connection = new DigestHttpConnection(server.ConnectAsync, "device", 16992, Admin);

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => connection.PostAsync("/wsman", Body, Limit));

        Assert.Contains("incomplete response", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_MalformedStatusLine_HttpParseException()
    {
        await using var server = new ScriptedServer((_, _) => ("HTTP/1.1 OK\r\n\r\n", true));
        using var connection = new DigestHttpConnection(server.ConnectAsync, "device", 16992, Admin);

        await Assert.ThrowsAsync<HttpParseException>(() => connection.PostAsync("/wsman", Body, Limit));
    }
}
