using System.Buffers;

namespace AmtSim.Protocol.Http;

/// <summary>
/// Resumable HTTP/1.x request parser. <see cref="TryRead"/> returns false and consumes nothing
/// while a request is incomplete; a malformed one throws one <see cref="HttpParseException"/>.
/// One instance per connection: it remembers how far an incomplete request got, so a request
/// arriving in many small pieces costs time linear in its size. An HTTP/1.1 request needs exactly
/// one Host header (RFC 9112 §3.2).
/// </summary>
public sealed class HttpRequestParser(HttpLimits? limits = null)
{
    public HttpLimits Limits { get; } = limits ?? HttpLimits.Default;

    private HttpMessageParser.Progress? _progress;

    public bool TryRead(ref SequenceReader<byte> reader, out HttpRequest request)
    {
        request = null!;
        if (!HttpMessageParser.TryRead(ref reader, Limits, isRequest: true, bodyless: false, ref _progress, out var m))
        {
            return false;
        }

        request = new HttpRequest
        {
            Method = m.Part1,
            Target = m.Part2,
            MinorVersion = m.Part3[^1] - '0',
            Headers = m.Headers,
            Body = m.Body,
            Chunked = m.Chunked,
        };
        return true;
    }
}
