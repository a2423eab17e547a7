using System.Buffers;

namespace AmtSim.Protocol.Http;

/// <summary>
/// Resumable HTTP/1.x request parser. <see cref="TryRead"/> returns false and consumes nothing
/// while a request is incomplete; a malformed one throws one <see cref="HttpParseException"/>.
/// </summary>
public sealed class HttpRequestParser(HttpLimits? limits = null)
{
    public HttpLimits Limits { get; } = limits ?? HttpLimits.Default;

    public bool TryRead(ref SequenceReader<byte> reader, out HttpRequest request)
    {
        request = null!;
        if (!HttpMessageParser.TryRead(ref reader, Limits, isRequest: true, bodyless: false, out var m))
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
