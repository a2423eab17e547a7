using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using AmtSim.Protocol.Http;

namespace AmtSim.Provisioning.Wsman;

/// <summary>
/// The HTTP/1.1 under a <see cref="WsmanClient"/>: POSTs on one keep-alive connection with AMT's
/// Digest authentication (RFC 7616, MD5, qop=auth), as WS-Man clients talk to AMT. The first request
/// goes without credentials; the 401's challenge is answered once, and every later request carries
/// an Authorization for the same nonce with a rising nonce count (a 401 with a new or stale nonce is
/// answered again, a 401 for the nonce just used is the caller's). The connection is opened on
/// first use through the caller's transport, reopened after the device closes it (Connection:
/// close, or a closed keep-alive connection found on the next request, which is then sent again
/// once), and replies are read by the one HTTP parser (<see cref="HttpResponseParser"/>). It
/// replaced HttpClient, whose layers cost about as much CPU as the WS-Man codec (issue 20).
/// Not thread-safe: one exchange at a time, as the client that owns it.
/// </summary>
internal sealed class DigestHttpConnection(Func<CancellationToken, ValueTask<Stream>> connect, string host, int port, NetworkCredential credential) : IDisposable
{
    private readonly string _hostHeader = $"Host: {host}:{port}\r\n";
    private Stream? _stream;
    private PipeReader? _reader;
    private HttpResponseParser? _parser;
    /// <summary>The challenge being answered, with its HA1 (which depends only on the user, the realm and the password).</summary>
    private (DigestChallenge Challenge, string Ha1)? _digest;
    private long _nonceCount;
    private bool _disposed;

    /// <summary>Sends <paramref name="body"/> to <paramref name="path"/>; returns the final response (a 401 when the credentials are refused).</summary>
    public async Task<HttpResponse> PostAsync(string path, byte[] body, CancellationToken ct)
    {
        var sent = _digest?.Challenge;
        var response = await ExchangeAsync(path, body, ct);
        if (response.StatusCode == 401
            && response.Headers["WWW-Authenticate"] is { } header
            && DigestChallenge.TryParse(header, out var challenge)
            && (sent is null || challenge.Stale || challenge.Nonce != sent.Nonce))
        {
            var ha1 = sent?.Realm == challenge.Realm ? _digest!.Value.Ha1 : DigestCredentials.Ha1(credential.UserName, challenge.Realm, credential.Password);
            _digest = (challenge, ha1);
            _nonceCount = 0;
            response = await ExchangeAsync(path, body, ct);
        }

        return response;
    }

    /// <summary>One request and its response; a reused connection that turns out closed before any byte of the response is reopened and the request sent again, once.</summary>
    private async Task<HttpResponse> ExchangeAsync(string path, byte[] body, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (var attempt = 0; ; attempt++)
        {
            var reused = _stream is not null;
            try
            {
                return await SendAndReceiveAsync(path, body, ct);
            }
            catch (ClosedBeforeResponseException ex)
            {
                Close();
                if (reused && attempt == 0)
                {
                    continue;
                }

                throw new HttpRequestException(ex.Message, ex);
            }
            catch
            {
                // A broken, cancelled or malformed exchange leaves the connection in an unknown state.
                Close();
                throw;
            }
        }
    }

    private async Task<HttpResponse> SendAndReceiveAsync(string path, byte[] body, CancellationToken ct)
    {
        if (_stream is null)
        {
            _stream = await connect(ct);
            _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
            _parser = new HttpResponseParser();
        }

        try
        {
            await _stream.WriteAsync(Request(path, body), ct);
            await _stream.FlushAsync(ct);
        }
        catch (IOException ex)
        {
            throw new ClosedBeforeResponseException("the device closed the connection before the request was sent", ex);
        }

        var response = await ReadResponseAsync(_reader!, _parser!, ct);
        if (response.Headers.HasToken("Connection", "close"))
        {
            Close();
        }

        return response;
    }

    private static async Task<HttpResponse> ReadResponseAsync(PipeReader reader, HttpResponseParser parser, CancellationToken ct)
    {
        var received = 0L;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(ct);
            }
            catch (IOException ex) when (received == 0)
            {
                throw new ClosedBeforeResponseException("the device reset the connection before it answered", ex);
            }
            catch (IOException ex)
            {
                // Part of the answer came: the request reached the device, so it is not sent again.
                throw new HttpRequestException(string.Create(CultureInfo.InvariantCulture, $"the device reset the connection after {received} bytes of an incomplete response"), ex);
            }

            var buffer = result.Buffer;
            received = buffer.Length;
            var sequence = new SequenceReader<byte>(buffer);
            if (parser.TryRead(ref sequence, out var response))
            {
                reader.AdvanceTo(sequence.Position);
                return response;
            }

            if (result.IsCompleted)
            {
                if (buffer.IsEmpty)
                {
                    throw new ClosedBeforeResponseException("the device closed the connection before it answered");
                }

                reader.AdvanceTo(buffer.End);
                throw new HttpRequestException(string.Create(CultureInfo.InvariantCulture, $"the device closed the connection after {buffer.Length} bytes of an incomplete response"));
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>The request head and body in one buffer (one TLS record where they fit).</summary>
    private byte[] Request(string path, byte[] body)
    {
        var head = new StringBuilder(512);
        head.Append("POST ").Append(path).Append(" HTTP/1.1\r\n").Append(_hostHeader);
        if (_digest is { } digest)
        {
            var (challenge, ha1) = digest;
            var nc = (++_nonceCount).ToString("x8", CultureInfo.InvariantCulture);
            var cnonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var response = DigestCredentials.ExpectedResponse(ha1, challenge.Nonce, nc, cnonce, "auth", "POST", path);
            head.Append("Authorization: Digest username=\"").Append(credential.UserName).Append("\", realm=\"").Append(challenge.Realm)
                .Append("\", nonce=\"").Append(challenge.Nonce).Append("\", uri=\"").Append(path).Append("\", response=\"").Append(response)
                .Append("\", qop=auth, nc=").Append(nc).Append(", cnonce=\"").Append(cnonce).Append("\"\r\n");
        }

        head.Append("Content-Type: application/soap+xml; charset=UTF-8\r\nContent-Length: ").Append(body.Length).Append("\r\n\r\n");
        var text = head.ToString();
        var request = new byte[Encoding.ASCII.GetByteCount(text) + body.Length];
        var at = Encoding.ASCII.GetBytes(text, request);
        body.CopyTo(request, at);
        return request;
    }

    private void Close()
    {
        _reader?.Complete();
        _stream?.Dispose();
        (_reader, _stream, _parser) = (null, null, null);
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            Close();
        }
    }

    /// <summary>The connection ended before any byte of the response arrived: on a reused connection, the request is sent again on a new one.</summary>
    private sealed class ClosedBeforeResponseException(string message, Exception? inner = null) : IOException(message, inner);
}
