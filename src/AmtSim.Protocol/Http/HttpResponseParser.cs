using System.Buffers;

namespace AmtSim.Protocol.Http;

/// <summary>
/// Resumable HTTP/1.x response parser, the client's twin of <see cref="HttpRequestParser"/>: one
/// instance per connection, false and nothing consumed while a response is incomplete, one
/// <see cref="HttpParseException"/> for a malformed one, time linear in the response's size however
/// it is split. A response without Content-Length or chunked framing has an empty body (every
/// AMT response is framed).
/// </summary>
public sealed class HttpResponseParser(HttpLimits? limits = null)
{
    public HttpLimits Limits { get; } = limits ?? HttpLimits.Default;

    private HttpMessageParser.Progress? _progress;

    public bool TryRead(ref SequenceReader<byte> reader, out HttpResponse response)
    {
        response = null!;
        if (!HttpMessageParser.TryRead(ref reader, Limits, isRequest: false, bodyless: false, ref _progress, out var m))
        {
            return false;
        }

        response = new HttpResponse
        {
            StatusCode = int.Parse(m.Part2, System.Globalization.CultureInfo.InvariantCulture),
            ReasonPhrase = m.Part3,
            Headers = m.Headers,
            Body = m.Body,
            Chunked = m.Chunked,
        };
        return true;
    }
}
