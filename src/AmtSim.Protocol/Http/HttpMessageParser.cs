using System.Buffers;
using System.Text;

namespace AmtSim.Protocol.Http;

/// <summary>
/// The part of HTTP/1.1 framing requests and responses share: start line, header fields and the
/// body (Content-Length or chunked). Works on a copy of the reader and commits only a complete
/// message, so an incomplete one consumes nothing. Limits are checked as soon as they can be, so an
/// endless header section or a huge declared body is rejected before it arrives in full.
/// </summary>
internal static class HttpMessageParser
{
    private const int MaxChunkLineBytes = 1024;

    public readonly record struct Message(string Part1, string Part2, string Part3, HttpHeaders Headers, byte[] Body, bool Chunked);

    public static bool TryRead(ref SequenceReader<byte> reader, HttpLimits limits, bool isRequest, bool bodyless, out Message message)
    {
        message = default;
        var r = reader;
        var whole = reader.UnreadSequence;
        var origin = reader.Consumed;
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

        var framing = Framing(headers, whole, Offset(r), limits);
        byte[] body;
        bool chunked = false;
        if (bodyless || framing == -2)
        {
            body = [];
        }
        else if (framing == -1)
        {
            chunked = true;
            if (!TryReadChunkedBody(ref r, whole, origin, limits, out body))
            {
                return false;
            }
        }
        else
        {
            if (r.Remaining < framing)
            {
                return false;
            }

            body = r.UnreadSequence.Slice(0, framing).ToArray();
            r.Advance(framing);
        }

        message = new Message(p1, p2, p3, headers, body, chunked);
        reader = r;
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
        if (code.Length != 3 || !code.All(char.IsAsciiDigit))
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
        var te = headers.All("Transfer-Encoding").ToList();
        var cl = headers.All("Content-Length").ToList();
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
        foreach (var value in cl.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)))
        {
            if (value.Length == 0 || value.Length > 18 || !value.All(char.IsAsciiDigit))
            {
                throw HttpParseException.At(HttpParseError.BadContentLength, whole, at, $"Content-Length '{value}' is not a number");
            }

            var n = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            if (length >= 0 && n != length)
            {
                throw HttpParseException.At(HttpParseError.BadContentLength, whole, at, "different Content-Length values");
            }

            length = n;
        }

        if (length > limits.MaxBodyBytes)
        {
            throw HttpParseException.At(HttpParseError.BodyTooLarge, whole, at, $"Content-Length {length} exceeds {limits.MaxBodyBytes}");
        }

        return length;
    }

    private static bool TryReadChunkedBody(ref SequenceReader<byte> r, in ReadOnlySequence<byte> whole, long origin, HttpLimits limits, out byte[] body)
    {
        body = [];
        var pieces = new List<ReadOnlySequence<byte>>();
        long total = 0;
        while (true)
        {
            var at = r.Consumed - origin;
            if (!TryReadLine(ref r, out var sizeLine))
            {
                if (r.Remaining > MaxChunkLineBytes)
                {
                    throw HttpParseException.At(HttpParseError.BadChunkSize, whole, at, "chunk-size line too long");
                }

                return false;
            }

            if (sizeLine.Length > MaxChunkLineBytes)
            {
                throw HttpParseException.At(HttpParseError.BadChunkSize, whole, at, "chunk-size line too long");
            }

            var size = ParseChunkSize(sizeLine, whole, at);
            if (total + size > limits.MaxBodyBytes)
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

            pieces.Add(r.UnreadSequence.Slice(0, size));
            r.Advance(size);
            var crlfAt = r.Consumed - origin;
            if (!r.IsNext((byte)'\r', advancePast: true) || !r.IsNext((byte)'\n', advancePast: true))
            {
                throw HttpParseException.At(HttpParseError.BadChunkTerminator, whole, crlfAt, "chunk data not followed by CRLF");
            }

            total += size;
        }

        body = new byte[total];
        var offset = 0;
        foreach (var piece in pieces)
        {
            piece.CopyTo(body.AsSpan(offset));
            offset += (int)piece.Length;
        }

        return true;
    }

    private static long ParseChunkSize(in ReadOnlySequence<byte> line, in ReadOnlySequence<byte> whole, long at)
    {
        var text = Latin1(line);
        var semi = text.IndexOf(';', StringComparison.Ordinal);
        var digits = (semi >= 0 ? text[..semi] : text).TrimEnd(' ', '\t');
        if (digits.Length is 0 or > 15 || !digits.All(char.IsAsciiHexDigit))
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
