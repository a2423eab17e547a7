using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using AmtSim.Firmware.Web;
using AmtSim.Protocol.Http;

namespace AmtSim.Firmware.Tests.Web;

/// <summary>A client talking to the web server over in-memory pipes (no sockets), with Digest helpers.</summary>
internal sealed class PipeClient
{
    private readonly Pipe _toServer = new();
    private readonly Pipe _toClient = new();
    private long _nc;

    public PipeClient(FirmwareWebServer server, string remote = "127.0.0.1:50000")
    {
        Connection = server.ServeHttpAsync(new Duplex(_toServer.Reader, _toClient.Writer), 16992, remote);
    }

    public Task<ConnectionRecord> Connection { get; }

    public string? Nonce { get; set; }

    public string? Realm { get; set; }

    public async Task SendAsync(string raw)
    {
        await _toServer.Writer.WriteAsync(Encoding.ASCII.GetBytes(raw));
    }

    public async Task SendAsync(HttpRequest request)
    {
        request.WriteTo(_toServer.Writer);
        await _toServer.Writer.FlushAsync();
    }

    public async Task CloseAsync() => await _toServer.Writer.CompleteAsync();

    /// <summary>Reads one response; null when the server closed without one.</summary>
    public async Task<HttpResponse?> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var result = await _toClient.Reader.ReadAsync(timeout.Token);
            var reader = new SequenceReader<byte>(result.Buffer);
            if (HttpResponse.TryRead(ref reader, HttpLimits.Default, out var response))
            {
                _toClient.Reader.AdvanceTo(reader.Position);
                if (response.StatusCode == 401 && DigestChallenge.TryParse(response.Headers["WWW-Authenticate"]!, out var challenge))
                {
                    Nonce = challenge.Nonce;
                    Realm = challenge.Realm;
                    _nc = 0;
                }

                return response;
            }

            _toClient.Reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    /// <summary>A POST /wsman with a Digest Authorization built from the last challenge and the next nc (or <paramref name="nc"/>).</summary>
    public HttpRequest Post(string body, string? user = null, string? password = null, long? nc = null, bool chunked = false, bool close = false, bool quoteNcAndQop = false)
    {
        var headers = new HttpHeaders();
        headers.Add("Host", "device:16992");
        if (user is not null)
        {
            var count = nc ?? ++_nc;
            _nc = Math.Max(_nc, count);
            var credentials = DigestCredentials.ForRequest(user, password!, Realm!, Nonce!, count, "cnonce" + count, "POST", "/wsman");
            headers.Add("Authorization", credentials.ToHeaderValue(quoteNcAndQop));
        }

        if (close)
        {
            headers.Add("Connection", "close");
        }

        return new HttpRequest { Method = "POST", Target = "/wsman", MinorVersion = 1, Headers = headers, Body = Encoding.UTF8.GetBytes(body), Chunked = chunked };
    }

    /// <summary>Sends an unauthenticated POST and reads the 401, learning realm and nonce.</summary>
    public async Task<HttpResponse> ChallengeAsync()
    {
        await SendAsync(Post("<hello/>"));
        return (await ReceiveAsync())!;
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}
