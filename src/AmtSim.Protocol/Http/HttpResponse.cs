using System.Buffers;

namespace AmtSim.Protocol.Http;

/// <summary>One parsed HTTP/1.x response (used by clients and tests; the device writes with <see cref="HttpResponseWriter"/>).</summary>
public sealed class HttpResponse
{
    public required int StatusCode { get; init; }

    public required string ReasonPhrase { get; init; }

    public required HttpHeaders Headers { get; init; }

    public required ReadOnlyMemory<byte> Body { get; init; }

    public bool Chunked { get; init; }

    /// <summary>Resumable, like <see cref="HttpRequestParser.TryRead"/>. A response without Content-Length or chunked framing has an empty body.</summary>
    public static bool TryRead(ref SequenceReader<byte> reader, HttpLimits limits, out HttpResponse response)
    {
        response = null!;
        if (!HttpMessageParser.TryRead(ref reader, limits, isRequest: false, bodyless: false, out var m))
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
