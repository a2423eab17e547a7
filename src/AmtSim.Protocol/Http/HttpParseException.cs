using System.Buffers;
using System.Globalization;
using System.Text;
using AmtSim.Protocol.Errors;

namespace AmtSim.Protocol.Http;

/// <summary>Why an HTTP message was rejected.</summary>
public enum HttpParseError
{
    BadStartLine,
    UnsupportedVersion,
    BadHeader,
    HeaderSectionTooLarge,
    TooManyHeaders,
    BadContentLength,
    ConflictingLengths,
    UnsupportedTransferEncoding,
    BadChunkSize,
    BadChunkTerminator,
    BodyTooLarge,
    BadStatusCode,

    /// <summary>A chunked body's framing (size lines, extensions, CRLFs) is larger than the limit.</summary>
    ChunkFramingTooLarge,

    /// <summary>An HTTP/1.1 request without exactly one Host header (RFC 9112 §3.2).</summary>
    MissingHost,
}

/// <summary>
/// A malformed HTTP message: the reason, the offset (from the start of the message) where the
/// parser gave up, and a hex dump of the bytes around it.
/// </summary>
public sealed class HttpParseException : WireFormatException<HttpParseError>
{
    public HttpParseException(HttpParseError reason, long offset, string detail, string hexDump)
        : base($"malformed HTTP message at offset {offset.ToString(CultureInfo.InvariantCulture)}: {reason} ({detail})", reason, offset, hexDump)
    {
        Detail = detail;
    }

    public string Detail { get; }

    internal static HttpParseException At(HttpParseError reason, in ReadOnlySequence<byte> message, long offset, string detail)
        => new(reason, offset, detail, Dump(message, offset));

    private static string Dump(in ReadOnlySequence<byte> message, long offset)
    {
        const int Window = 64;
        var end = Math.Min(message.Length, offset + 16);
        var start = Math.Max(0, end - Window);
        var slice = message.Slice(start, end - start).ToArray();
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{start:x8}:");
        foreach (var b in slice)
        {
            sb.Append(CultureInfo.InvariantCulture, $" {b:x2}");
        }

        return sb.ToString();
    }
}
