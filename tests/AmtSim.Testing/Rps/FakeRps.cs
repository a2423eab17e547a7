using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AmtSim.Testing.Rps;

/// <summary>
/// A stand-in for RPS written in the tests: a real websocket server on loopback (HTTP upgrade by hand,
/// then .NET's server-side WebSocket) that accepts agents and hands each session to a script; plain HTTP
/// requests on the same port go to <see cref="Rest"/> (RPS's REST API, as far as a test needs it) and
/// are recorded in <see cref="RestCalls"/>.
/// </summary>
public sealed class FakeRps : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<Session, Task> _script;
    private readonly Task _accepting;
    private readonly List<Task> _sessions = [];
    private readonly CancellationTokenSource _stop = new();

    public FakeRps(Func<Session, Task> script, Func<string, string, string, (int Status, string Json)>? rest = null)
    {
        _script = script;
        Rest = rest ?? ((_, _, _) => (200, "{}"));
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Url => new($"ws://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/activate");

    /// <summary>The same port as the REST API's base.</summary>
    public Uri Api => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>(method, path, body) → (status, JSON answer).</summary>
    public Func<string, string, string, (int Status, string Json)> Rest { get; }

    /// <summary>Every REST request: "METHOD path" and its body.</summary>
    public List<(string Request, string Body)> RestCalls { get; } = [];

    /// <summary>Exceptions a script threw (a failed check inside the server), rethrown on dispose.</summary>
    public List<Exception> Errors { get; } = [];

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_sessions)
            {
                _sessions.Add(RunAsync(client));
            }
        }
    }

    private async Task RunAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                if (!await UpgradeAsync(stream))
                {
                    return;
                }

                using var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true });
                await _script(new Session(socket));
                if (socket.State == WebSocketState.Open || socket.State == WebSocketState.CloseReceived)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                }
            }
            catch (Exception ex)
            {
                lock (Errors)
                {
                    Errors.Add(ex);
                }
            }
        }
    }

    /// <summary>Answers a websocket upgrade (true), or serves one REST request and closes (false).</summary>
    private async Task<bool> UpgradeAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                throw new IOException("the agent closed before its upgrade request ended");
            }

            head.Append((char)one[0]);
        }

        var lines = head.ToString().Split("\r\n");
        var keyLine = lines.SingleOrDefault(l => l.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase));
        if (keyLine is null)
        {
            var length = lines.Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)).Select(l => int.Parse(l["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
            var body = new byte[length];
            await stream.ReadExactlyAsync(body);
            var parts = lines[0].Split(' ');
            var text = Encoding.UTF8.GetString(body);
            lock (RestCalls)
            {
                RestCalls.Add(($"{parts[0]} {parts[1]}", text));
            }

            var (status, json) = Rest(parts[0], parts[1], text);
            var answer = Encoding.UTF8.GetBytes(json);
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {answer.Length}\r\nConnection: close\r\n\r\n"));
            await stream.WriteAsync(answer);
            return false;
        }

        var key = keyLine["Sec-WebSocket-Key:".Length..].Trim();
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        var response = $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] sessions;
        lock (_sessions)
        {
            sessions = [.. _sessions];
        }

        await Task.WhenAll(sessions);
        _stop.Dispose();
        if (Errors.Count > 0)
        {
            throw new AggregateException("the fake RPS failed", Errors);
        }
    }

    /// <summary>One agent's websocket, with RPS's side of the protocol.</summary>
    public sealed class Session(WebSocket socket)
    {
        public WebSocket Socket => socket;

        public async Task<JsonDocument> ReceiveAsync()
        {
            var buffer = new MemoryStream();
            var chunk = new byte[8192];
            while (true)
            {
                var result = await socket.ReceiveAsync(chunk, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    throw new IOException("the agent closed the websocket");
                }

                buffer.Write(chunk, 0, result.Count);
                if (result.EndOfMessage)
                {
                    return JsonDocument.Parse(buffer.ToArray());
                }
            }
        }

        public Task SendAsync(object message)
            => socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, CancellationToken.None);

        /// <summary>Sends one raw HTTP request as RPS does and returns the agent's raw response.</summary>
        public async Task<byte[]> WsmanAsync(byte[] request)
        {
            await SendAsync(new { method = "wsman", apiKey = "xxxxx", appVersion = "2.31.0", protocolVersion = "4.0.0", status = "ok", message = "ok", payload = Convert.ToBase64String(request) });
            using var reply = await ReceiveAsync();
            if (reply.RootElement.GetProperty("method").GetString() != "response")
            {
                throw new InvalidDataException("expected a response message, got " + reply.RootElement.GetRawText());
            }

            return Convert.FromBase64String(reply.RootElement.GetProperty("payload").GetString()!);
        }

        public Task FinishAsync(string method, string message)
            => SendAsync(new { method, apiKey = "xxxxx", appVersion = "2.31.0", protocolVersion = "4.0.0", status = method == "success" ? "success" : "failed", message, payload = (string?)null, tenantId = "" });
    }
}
