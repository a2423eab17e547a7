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

    /// <summary>One response from the start of <paramref name="reader"/>; without a parser kept across reads (<see cref="HttpResponseParser"/>), an incomplete response is parsed again from its start next time.</summary>
    public static bool TryRead(ref SequenceReader<byte> reader, HttpLimits limits, out HttpResponse response)
        => new HttpResponseParser(limits).TryRead(ref reader, out response);
}
