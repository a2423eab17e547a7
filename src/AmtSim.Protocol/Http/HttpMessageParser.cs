using System.Buffers;
using System.Text;

namespace AmtSim.Protocol.Http;

/// <summary>
/// The part of HTTP/1.1 framing requests and responses share: start line, header fields and the
/// body (Content-Length or chunked). Works on a copy of the reader and commits only a complete
/// message, so an incomplete one consumes nothing. Limits are checked as soon as they can be, so an
/// endless header section or a huge declared body is rejected before it arrives in full.
/// A caller that keeps a <see cref="Progress"/> (one per connection) gets linear cost: an incomplete
/// message's parsed head and complete chunks are remembered, and the next call with the same bytes
/// plus more resumes where the last one stopped instead of parsing everything again (issue 17).
/// </summary>
internal static class HttpMessageParser
{
    private const int MaxChunkLineBytes = 1024;

    public readonly record struct Message(string Part1, string Part2, string Part3, HttpHeaders Headers, byte[] Body, bool Chunked);

    /// <summary>What an incomplete message has already yielded; valid only for a buffer that starts with the same bytes.</summary>
    internal sealed class Progress
    {
        private const int FingerprintBytes = 64;
        private byte[] _fingerprint = [];
        private long _seen;

        public string Part1 { get; set; } = "";
        public string Part2 { get; set; } = "";
        public string Part3 { get; set; } = "";
        public HttpHeaders Headers { get; set; } = new();

        /// <summary>-1 chunked, -2 no body, else the Content-Length.</summary>
        public long Framing { get; set; }

        /// <summary>Offset (from the message start) where parsing resumes: the body, or the next chunk-size line.</summary>
        public long ResumeAt { get; set; }

        public ArrayBufferWriter<byte> Body { get; } = new();

        /// <summary>Chunk-size lines, extensions, CRLFs and trailers read so far.</summary>
        public long FramingBytes { get; set; }

        public void Mark(in ReadOnlySequence<byte> unread)
        {
            _seen = unread.Length;
            _fingerprint = unread.Slice(0, Math.Min(FingerprintBytes, unread.Length)).ToArray();
        }

        /// <summary>Whether <paramref name="unread"/> looks like the buffer marked earlier, with nothing taken away.</summary>
        public bool Continues(in ReadOnlySequence<byte> unread)
        {
            if (unread.Length < _seen || _seen == 0)
            {
                return false;
            }

            Span<byte> head = stackalloc byte[FingerprintBytes];
            var n = _fingerprint.Length;
            unread.Slice(0, n).CopyTo(head);
            return head[..n].SequenceEqual(_fingerprint);
        }
    }

    public static bool TryRead(ref SequenceReader<byte> reader, HttpLimits limits, bool isRequest, bool bodyless, out Message message)
    {
        Progress? none = null;
        return TryRead(ref reader, limits, isRequest, bodyless, ref none, out message);
    }

    public static bool TryRead(ref SequenceReader<byte> reader, HttpLimits limits, bool isRequest, bool bodyless, ref Progress? progress, out Message message)
    {
        message = default;
        var r = reader;
        var whole = reader.UnreadSequence;
        var origin = reader.Consumed;
        if (progress is { } p && p.Continues(whole))
        {
            r.Advance(p.ResumeAt);
        }
        else if (TryReadHead(ref r, whole, origin, limits, isRequest, out var head))
        {
            p = head;
            p.ResumeAt = r.Consumed - origin;
        }
        else
        {
            progress = null;
            return false;
        }

        progress = null;
        if (!TryReadBody(ref r, whole, origin, limits, bodyless, p, out var body))
        {
            p.Mark(whole);
            progress = p;
            return false;
        }

        message = new Message(p.Part1, p.Part2, p.Part3, p.Headers, body, p.Framing == -1 && !bodyless);
        reader = r;
        return true;
    }

    private static bool TryReadHead(ref SequenceReader<byte> r, in ReadOnlySequence<byte> whole, long origin, HttpLimits limits, bool isRequest, out Progress head)
    {
        head = null!;
        long Offset(in SequenceReader<byte> x) => x.Consumed - origin;

        // Tolerate empty lines before a request line (RFC 9112 §2.2).
        while (r.TryPeek(out var first) && (first == (byte)'\r' || first == (byte)'\n'))
        {
            if (first == (byte)'\r')
            {
                if (!r.TryPeek(1, out var second))
                {
                    return false;
                }

                if (second != (byte)'\n')
                {
                    throw HttpParseException.At(HttpParseError.BadStartLine, whole, Offset(r), "stray CR before start line");
                }

                r.Advance(2);
            }
            else
            {
                r.Advance(1);
            }
        }

        var headerStart = Offset(r);
        if (!TryReadLine(ref r, out var startLine))
        {
            CheckHeaderBudget(whole, headerStart, Offset(r) + r.Remaining, limits);
            return false;
        }

        CheckHeaderBudget(whole, headerStart, Offset(r), limits);
        var (p1, p2, p3) = isRequest ? SplitRequestLine(startLine, whole, headerStart) : SplitStatusLine(startLine, whole, headerStart);

        var headers = new HttpHeaders();
        while (true)
        {
            var lineStart = Offset(r);
            if (!TryReadLine(ref r, out var line))
            {
                CheckHeaderBudget(whole, headerStart, Offset(r) + r.Remaining, limits);
                return false;
            }

            CheckHeaderBudget(whole, headerStart, Offset(r), limits);
            if (line.Length == 0)
            {
                break;
            }

            if (headers.Count >= limits.MaxHeaderCount)
            {
                throw HttpParseException.At(HttpParseError.TooManyHeaders, whole, lineStart, $"more than {limits.MaxHeaderCount} header fields");
            }

            var (name, value) = SplitHeader(line, whole, lineStart);
            headers.Add(name, value);
        }

        if (isRequest && p3 == "HTTP/1.1" && headers.CountOf("Host") != 1)
        {
            throw HttpParseException.At(HttpParseError.MissingHost, whole, headerStart, headers["Host"] is null ? "HTTP/1.1 request without Host" : "more than one Host header");
        }

        head = new Progress { Part1 = p1, Part2 = p2, Part3 = p3, Headers = headers, Framing = Framing(headers, whole, Offset(r), limits) };
        return true;
    }

    private static bool TryReadBody(ref SequenceReader<byte> r, in ReadOnlySequence<byte> whole, long origin, HttpLimits limits, bool bodyless, Progress p, out byte[] body)
    {
        body = [];
        if (bodyless || p.Framing == -2)
        {
            return true;
        }

        if (p.Framing == -1)
        {
            return TryReadChunkedBody(ref r, whole, origin, limits, p, out body);
        }

        if (r.Remaining < p.Framing)
        {
            return false;
        }

        body = r.UnreadSequence.Slice(0, p.Framing).ToArray();
        r.Advance(p.Framing);
        return true;
    }

    /// <summary>Reads one line ending in LF (CR before it dropped); false when no LF yet.</summary>
    private static bool TryReadLine(ref SequenceReader<byte> r, out ReadOnlySequence<byte> line)
    {
        if (!r.TryReadTo(out line, (byte)'\n'))
        {
            return false;
        }

        if (line.Length > 0 && EndsWithCr(line))
        {
            line = line.Slice(0, line.Length - 1);
        }

        return true;
    }

    private static bool EndsWithCr(in ReadOnlySequence<byte> line)
    {
        var last = line.Slice(line.Length - 1);
        return last.FirstSpan[0] == (byte)'\r';
    }

    private static void CheckHeaderBudget(in ReadOnlySequence<byte> whole, long headerStart, long upTo, HttpLimits limits)
    {
        if (upTo - headerStart > limits.MaxHeaderBytes)
        {
            throw HttpParseException.At(HttpParseError.HeaderSectionTooLarge, whole, headerStart + limits.MaxHeaderBytes, $"header section larger than {limits.MaxHeaderBytes} bytes");
        }
    }

    private static (string, string, string) SplitRequestLine(in ReadOnlySequence<byte> line, in ReadOnlySequence<byte> whole, long at)
    {
        var text = Latin1(line);
        var parts = text.Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0 || !IsToken(parts[0]) || parts[1].Any(c => c <= ' ' || c == 0x7f))
        {
            throw HttpParseException.At(HttpParseError.BadStartLine, whole, at, "request line is not 'METHOD target HTTP/1.x'");
        }

        CheckVersion(parts[2], whole, at);
        return (parts[0], parts[1], parts[2]);
    }

    private static (string, string, string) SplitStatusLine(in ReadOnlySequence<byte> line, in ReadOnlySequence<byte> whole, long at)
    {
        var text = Latin1(line);
        var first = text.IndexOf(' ', StringComparison.Ordinal);
        if (first < 0)
        {
            throw HttpParseException.At(HttpParseError.BadStartLine, whole, at, "status line is not 'HTTP/1.x code reason'");
        }

        CheckVersion(text[..first], whole, at);
        var rest = text[(first + 1)..];
        var second = rest.IndexOf(' ', StringComparison.Ordinal);
        var code = second < 0 ? rest : rest[..second];
        if (code.Length != 3 || code.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            throw HttpParseException.At(HttpParseError.BadStatusCode, whole, at + first + 1, $"status code '{code}' is not three digits");
        }

        return (text[..first], code, second < 0 ? "" : rest[(second + 1)..]);
    }

    private static void CheckVersion(string version, in ReadOnlySequence<byte> whole, long at)
    {
        if (version is "HTTP/1.1" or "HTTP/1.0")
        {
            return;
        }

        throw version.StartsWith("HTTP/", StringComparison.Ordinal)
            ? HttpParseException.At(HttpParseError.UnsupportedVersion, whole, at, $"version '{version}' is not HTTP/1.0 or HTTP/1.1")
            : HttpParseException.At(HttpParseError.BadStartLine, whole, at, $"'{version}' is not an HTTP version");
    }

    private static (string, string) SplitHeader(in ReadOnlySequence<byte> line, in ReadOnlySequence<byte> whole, long at)
    {
        var text = Latin1(line);
        if (text.Length > 0 && (text[0] == ' ' || text[0] == '\t'))
        {
            throw HttpParseException.At(HttpParseError.BadHeader, whole, at, "obsolete line folding");
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !IsToken(text[..colon]))
        {
            throw HttpParseException.At(HttpParseError.BadHeader, whole, at, "header line is not 'name: value'");
        }

        var value = text[(colon + 1)..].Trim(' ', '\t');
        if (value.Any(c => c < ' ' && c != '\t'))
        {
            throw HttpParseException.At(HttpParseError.BadHeader, whole, at, "control character in header value");
        }

        return (text[..colon], value);
    }

    /// <summary>-1 chunked, -2 no body, else the Content-Length.</summary>
    private static long Framing(HttpHeaders headers, in ReadOnlySequence<byte> whole, long at, HttpLimits limits)
    {
        var te = headers.All("Transfer-Encoding");
        var cl = headers.All("Content-Length");
        if (te.Count > 0)
        {
            if (cl.Count > 0)
            {
                throw HttpParseException.At(HttpParseError.ConflictingLengths, whole, at, "both Transfer-Encoding and Content-Length");
            }

            var codings = string.Join(',', te).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (codings.Length != 1 || !string.Equals(codings[0], "chunked", StringComparison.OrdinalIgnoreCase))
            {
                throw HttpParseException.At(HttpParseError.UnsupportedTransferEncoding, whole, at, $"transfer coding '{string.Join(", ", codings)}' is not 'chunked'");
            }

            return -1;
        }

        if (cl.Count == 0)
        {
            return -2;
        }

        long length = -1;
        foreach (var field in cl)
        {
            foreach (var range in field.AsSpan().Split(','))
            {
                var value = field.AsSpan()[range].Trim();
                if (value.Length == 0 || value.Length > 18 || value.ContainsAnyExceptInRange('0', '9'))
                {
                    throw HttpParseException.At(HttpParseError.BadContentLength, whole, at, $"Content-Length '{value}' is not a number");
                }

                var n = long.Parse(value, provider: System.Globalization.CultureInfo.InvariantCulture);
                if (length >= 0 && n != length)
                {
                    throw HttpParseException.At(HttpParseError.BadContentLength, whole, at, "different Content-Length values");
                }

                length = n;
            }
        }

        if (length > limits.MaxBodyBytes)
        {
            throw HttpParseException.At(HttpParseError.BodyTooLarge, whole, at, $"Content-Length {length} exceeds {limits.MaxBodyBytes}");
        }

        return length;
    }

    /// <summary>
    /// Reads chunks from <see cref="Progress.ResumeAt"/> on, keeping each complete one in the progress,
    /// so every byte is looked at once however the body arrives. The de-chunked size is capped by
    /// <see cref="HttpLimits.MaxBodyBytes"/> and the framing around it by <see cref="HttpLimits.MaxChunkFramingBytes"/>,
    /// which together bound the wire size (one-byte chunks or long extensions no longer slip past).
    /// </summary>
    private static bool TryReadChunkedBody(ref SequenceReader<byte> r, in ReadOnlySequence<byte> whole, long origin, HttpLimits limits, Progress p, out byte[] body)
    {
        body = [];
        while (true)
        {
            var at = r.Consumed - origin;
            if (!TryReadLine(ref r, out var sizeLine))
            {
                if (r.Remaining > MaxChunkLineBytes)
                {
                    throw HttpParseException.At(HttpParseError.BadChunkSize, whole, at, "chunk-size line too long");
                }

                CheckFraming(whole, at, p.FramingBytes + r.Remaining, limits);
                return false;
            }

            if (sizeLine.Length > MaxChunkLineBytes)
            {
                throw HttpParseException.At(HttpParseError.BadChunkSize, whole, at, "chunk-size line too long");
            }

            var lineBytes = r.Consumed - origin - at;
            CheckFraming(whole, at, p.FramingBytes + lineBytes, limits);
            var size = ParseChunkSize(sizeLine, whole, at);
            if (p.Body.WrittenCount + size > limits.MaxBodyBytes)
            {
                throw HttpParseException.At(HttpParseError.BodyTooLarge, whole, at, $"chunked body exceeds {limits.MaxBodyBytes} bytes");
            }

            if (size == 0)
            {
                // Trailer section: header lines up to an empty line.
                var trailerBytes = 0L;
                while (true)
                {
                    var lineAt = r.Consumed - origin;
                    if (!TryReadLine(ref r, out var trailer))
                    {
                        if (trailerBytes + r.Remaining > limits.MaxHeaderBytes)
                        {
                            throw HttpParseException.At(HttpParseError.HeaderSectionTooLarge, whole, lineAt, "trailer section too large");
                        }

                        return false;
                    }

                    trailerBytes += trailer.Length + 2;
                    if (trailerBytes > limits.MaxHeaderBytes)
                    {
                        throw HttpParseException.At(HttpParseError.HeaderSectionTooLarge, whole, lineAt, "trailer section too large");
                    }

                    if (trailer.Length == 0)
                    {
                        break;
                    }
                }

                break;
            }

            if (r.Remaining < size + 2)
            {
                return false;
            }

            r.UnreadSequence.Slice(0, size).CopyTo(p.Body.GetSpan((int)size));
            var crlfAt = r.Consumed - origin + size;
            r.Advance(size);
            if (!r.IsNext((byte)'\r', advancePast: true) || !r.IsNext((byte)'\n', advancePast: true))
            {
                throw HttpParseException.At(HttpParseError.BadChunkTerminator, whole, crlfAt, "chunk data not followed by CRLF");
            }

            p.Body.Advance((int)size);
            p.FramingBytes += lineBytes + 2;
            p.ResumeAt = r.Consumed - origin;
        }

        body = p.Body.WrittenSpan.ToArray();
        return true;
    }

    private static void CheckFraming(in ReadOnlySequence<byte> whole, long at, long framingBytes, HttpLimits limits)
    {
        if (framingBytes > limits.MaxChunkFramingBytes)
        {
            throw HttpParseException.At(HttpParseError.ChunkFramingTooLarge, whole, at, $"chunk framing (size lines, extensions, CRLFs) exceeds {limits.MaxChunkFramingBytes} bytes");
        }
    }

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789ABCDEFabcdef");

    private static long ParseChunkSize(in ReadOnlySequence<byte> line, in ReadOnlySequence<byte> whole, long at)
    {
        var text = Latin1(line);
        var semi = text.IndexOf(';', StringComparison.Ordinal);
        var digits = (semi >= 0 ? text[..semi] : text).TrimEnd(' ', '\t');
        if (digits.Length is 0 or > 15 || digits.AsSpan().ContainsAnyExcept(HexDigits))
        {
            throw HttpParseException.At(HttpParseError.BadChunkSize, whole, at, $"chunk size '{Printable(digits)}' is not 1 to 15 hex digits");
        }

        return long.Parse(digits, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Printable(string s) => new([.. s.Take(32).Select(c => c is >= ' ' and < (char)0x7f ? c : '?')]);

    private static bool IsToken(string s)
    {
        foreach (var c in s)
        {
            if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?={}".Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return s.Length > 0;
    }

    private static string Latin1(in ReadOnlySequence<byte> bytes) => Encoding.Latin1.GetString(bytes);
}
