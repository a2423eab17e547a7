using System.Buffers;
using System.Text;
using AmtSim.Runtime.Errors;
using AmtSim.Protocol.Http;
using Xunit;

namespace AmtSim.Protocol.Tests.Http;

public class HttpRequestParserTests
{
    private const string Body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a:Envelope xmlns:a=\"http://www.w3.org/2003/05/soap-envelope\"><a:Body/></a:Envelope>";

    private static readonly string ContentLengthRequest =
        "POST /wsman HTTP/1.1\r\nHost: 127.10.0.1:16992\r\nContent-Type: application/soap+xml; charset=utf-8\r\n" +
        $"Content-Length: {Body.Length}\r\n\r\n{Body}";

    private static readonly string ChunkedRequest =
        "POST /wsman HTTP/1.1\r\nHost: 127.10.0.1:16992\r\nTransfer-Encoding: chunked\r\n\r\n" +
        $"10;ext=1\r\n{Body[..16]}\r\n{Body.Length - 16:x}\r\n{Body[16..]}\r\n0\r\nX-Trailer: t\r\n\r\n";

    public static TheoryData<string> ValidRequests => new() { ContentLengthRequest, ChunkedRequest, "GET / HTTP/1.0\r\n\r\n" };

    private static HttpRequest ParseAll(ReadOnlySequence<byte> sequence, HttpLimits? limits = null)
    {
        var reader = new SequenceReader<byte>(sequence);
        Assert.True(new HttpRequestParser(limits).TryRead(ref reader, out var request));
        Assert.Equal(0, reader.Remaining);
        return request;
    }

    private static HttpParseException ParseFails(string text, HttpLimits? limits = null)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(text)));
        var parser = new HttpRequestParser(limits);
        HttpParseException? caught = null;
        try
        {
            parser.TryRead(ref reader, out _);
        }
        catch (HttpParseException ex)
        {
            caught = ex;
        }

        return Assert.IsType<HttpParseException>(caught);
    }

    [Theory]
    [MemberData(nameof(ValidRequests))]
    public void TryRead_EveryPrefix_ReturnsFalseAndConsumesNothing(string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        var parser = new HttpRequestParser();
        for (var n = 0; n < bytes.Length; n++)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, 0, n));
            Assert.False(parser.TryRead(ref reader, out _), $"prefix of {n} bytes parsed");
            Assert.Equal(0, reader.Consumed);
        }
    }

    [Theory]
    [MemberData(nameof(ValidRequests))]
    public void TryRead_SplitAcrossSegments_ParsesTheSameRequest(string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        var whole = ParseAll(new ReadOnlySequence<byte>(bytes));
        foreach (var sequence in new[] { Segments.OneBytePerSegment(bytes), Segments.Split(bytes, 3, 17, 40, bytes.Length - 7), Segments.Split(bytes, bytes.Length / 2) })
        {
            var split = ParseAll(sequence);
            Assert.Equal(whole.Method, split.Method);
            Assert.Equal(whole.Target, split.Target);
            Assert.Equal(whole.Headers.Fields, split.Headers.Fields);
            Assert.Equal(whole.Body.ToArray(), split.Body.ToArray());
        }
    }

    [Fact]
    public void TryRead_ContentLengthRequest_ReadsFieldsAndBody()
    {
        var request = ParseAll(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(ContentLengthRequest)));
        Assert.Equal("POST", request.Method);
        Assert.Equal("/wsman", request.Target);
        Assert.Equal(1, request.MinorVersion);
        Assert.Equal("127.10.0.1:16992", request.Headers["host"]);
        Assert.Equal(Body, Encoding.ASCII.GetString(request.Body.Span));
        Assert.False(request.Chunked);
    }

    [Fact]
    public void TryRead_ChunkedRequestWithExtensionsAndTrailer_JoinsChunks()
    {
        var request = ParseAll(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(ChunkedRequest)));
        Assert.True(request.Chunked);
        Assert.Equal(Body, Encoding.ASCII.GetString(request.Body.Span));
    }

    [Theory]
    [InlineData(false, 256)]
    [InlineData(true, 7)]
    [InlineData(true, 4096)]
    public void WriteTo_ThenTryRead_RoundTrips(bool chunked, int chunkSize)
    {
        var headers = new HttpHeaders();
        headers.Add("Host", "127.10.0.1:16993");
        headers.Add("Authorization", "Digest username=\"admin\"");
        var original = new HttpRequest { Method = "POST", Target = "/wsman", MinorVersion = 1, Headers = headers, Body = Encoding.UTF8.GetBytes(Body), Chunked = chunked };
        var buffer = new ArrayBufferWriter<byte>();
        original.WriteTo(buffer, chunkSize);

        var parsed = ParseAll(new ReadOnlySequence<byte>(buffer.WrittenMemory));

        Assert.Equal(original.Method, parsed.Method);
        Assert.Equal(original.Target, parsed.Target);
        Assert.Equal(chunked, parsed.Chunked);
        Assert.Equal("Digest username=\"admin\"", parsed.Headers["Authorization"]);
        Assert.Equal(original.Body.ToArray(), parsed.Body.ToArray());
    }

    [Fact]
    public void TryRead_TwoPipelinedRequests_ReadsThemInOrder()
    {
        var bytes = Encoding.ASCII.GetBytes(ContentLengthRequest + ChunkedRequest);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        var parser = new HttpRequestParser();
        Assert.True(parser.TryRead(ref reader, out var first));
        Assert.Equal(ContentLengthRequest.Length, reader.Consumed);
        Assert.True(parser.TryRead(ref reader, out var second));
        Assert.False(first.Chunked);
        Assert.True(second.Chunked);
        Assert.Equal(0, reader.Remaining);
    }

    [Theory]
    [InlineData("zz")]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("0x10")]
    [InlineData("1234567890abcdef")]
    [InlineData(" 5")]
    public void TryRead_BadChunkSize_ThrowsBadChunkSize(string size)
    {
        var ex = ParseFails($"POST /wsman HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\n{size}\r\nhello\r\n0\r\n\r\n");
        Assert.Equal(HttpParseError.BadChunkSize, ex.Reason);
        Assert.Equal(61, ex.Offset);
    }

    [Fact]
    public void TryRead_ChunkLongerThanDeclared_ThrowsBadChunkTerminator()
    {
        var ex = ParseFails("POST /wsman HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n");
        Assert.Equal(HttpParseError.BadChunkTerminator, ex.Reason);
    }

    [Fact]
    public void TryRead_EndlessHeaderSection_ThrowsBeforeItEnds()
    {
        var limits = new HttpLimits { MaxHeaderBytes = 1024 };
        var text = "POST /wsman HTTP/1.1\r\nHost: d\r\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"X-Filler-{i}: {new string('a', 20)}\r\n"));
        var ex = ParseFails(text, limits);
        Assert.Equal(HttpParseError.HeaderSectionTooLarge, ex.Reason);
    }

    [Fact]
    public void TryRead_OneHugeHeaderLineWithoutNewline_ThrowsHeaderSectionTooLarge()
    {
        var ex = ParseFails("POST /wsman HTTP/1.1\r\nHost: d\r\nX-Big: " + new string('b', HttpLimits.DefaultMaxHeaderBytes + 1));
        Assert.Equal(HttpParseError.HeaderSectionTooLarge, ex.Reason);
    }

    [Fact]
    public void TryRead_TooManyHeaders_ThrowsTooManyHeaders()
    {
        var limits = new HttpLimits { MaxHeaderCount = 5 };
        var ex = ParseFails("GET / HTTP/1.1\r\nHost: d\r\n" + string.Concat(Enumerable.Range(0, 6).Select(i => $"X-{i}: v\r\n")) + "\r\n", limits);
        Assert.Equal(HttpParseError.TooManyHeaders, ex.Reason);
    }

    [Fact]
    public void TryRead_DeclaredBodyOverLimit_ThrowsBeforeTheBodyArrives()
    {
        var limits = new HttpLimits { MaxBodyBytes = 1000 };
        var ex = ParseFails("POST /wsman HTTP/1.1\r\nHost: d\r\nContent-Length: 1001\r\n\r\n", limits);
        Assert.Equal(HttpParseError.BodyTooLarge, ex.Reason);
    }

    [Fact]
    public void TryRead_ChunksAddingUpOverLimit_ThrowsBodyTooLarge()
    {
        var limits = new HttpLimits { MaxBodyBytes = 10 };
        var ex = ParseFails("POST /wsman HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n", limits);
        Assert.Equal(HttpParseError.BodyTooLarge, ex.Reason);
    }

    [Fact]
    public void TryRead_HugeChunkSize_ThrowsBodyTooLarge()
    {
        var ex = ParseFails("POST /wsman HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffff\r\n");
        Assert.Equal(HttpParseError.BodyTooLarge, ex.Reason);
    }

    [Theory]
    [InlineData("POST /wsman HTTP/1.1\r\nHost: d\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", HttpParseError.ConflictingLengths)]
    [InlineData("POST /wsman HTTP/1.1\r\nHost: d\r\nContent-Length: abc\r\n\r\n", HttpParseError.BadContentLength)]
    [InlineData("POST /wsman HTTP/1.1\r\nHost: d\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", HttpParseError.BadContentLength)]
    [InlineData("POST /wsman HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", HttpParseError.UnsupportedTransferEncoding)]
    [InlineData("POST /wsman HTTP/2.0\r\n\r\n", HttpParseError.UnsupportedVersion)]
    [InlineData("POST /wsman\r\n\r\n", HttpParseError.BadStartLine)]
    [InlineData("POST  /wsman HTTP/1.1\r\n\r\n", HttpParseError.BadStartLine)]
    [InlineData("POST /wsman HTTP/1.1\r\nHost: d\r\nNo colon here\r\n\r\n", HttpParseError.BadHeader)]
    [InlineData("POST /wsman HTTP/1.1\r\nHost: d\r\nBad Name: v\r\n\r\n", HttpParseError.BadHeader)]
    [InlineData("POST /wsman HTTP/1.1\r\nHost: d\r\nA: b\r\n folded\r\n\r\n", HttpParseError.BadHeader)]
    public void TryRead_MalformedRequest_ThrowsWithReason(string text, HttpParseError reason)
        => Assert.Equal(reason, ParseFails(text).Reason);

    [Fact]
    public void HttpParseException_IsInvalidInputWithOffsetAndHexDump()
    {
        var ex = ParseFails("POST /wsman HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
        Assert.IsAssignableFrom<InvalidInputException>(ex);
        Assert.Contains("BadChunkSize", ex.Message, StringComparison.Ordinal);
        Assert.Contains("offset 61", ex.Message, StringComparison.Ordinal);
        Assert.Contains(" 7a 7a", ex.HexDump, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: d\r\n\r\n", true)]
    [InlineData("GET / HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n", false)]
    [InlineData("GET / HTTP/1.1\r\nHost: d\r\nConnection: TE, Close\r\n\r\n", false)]
    [InlineData("GET / HTTP/1.0\r\n\r\n", false)]
    [InlineData("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true)]
    public void KeepAlive_FollowsVersionAndConnectionHeader(string text, bool keepAlive)
        => Assert.Equal(keepAlive, ParseAll(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text))).KeepAlive);

    // issue 17: a request without Host was served; HTTP/1.1 requires exactly one (RFC 9112 §3.2).
    [Theory]
    [InlineData("POST /wsman HTTP/1.1\r\nContent-Length: 0\r\n\r\n", "without Host")]
    [InlineData("POST /wsman HTTP/1.1\r\nHost: a\r\nHost: b\r\nContent-Length: 0\r\n\r\n", "more than one Host")]
    public void TryRead_Http11WithoutExactlyOneHost_ThrowsMissingHostBeforeTheBody(string text, string detail)
    {
        var ex = ParseFails(text);

        Assert.Equal(HttpParseError.MissingHost, ex.Reason);
        Assert.Contains(detail, ex.Detail, StringComparison.Ordinal);
        Assert.Equal(0, ex.Offset);
    }

    [Fact]
    public void TryRead_Http10WithoutHost_Accepted()
        => Assert.Equal("GET", ParseAll(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\n\r\n"))).Method);

    private static string OneByteChunks(int count)
        => "POST /wsman HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\n" + string.Concat(Enumerable.Repeat("1\r\nx\r\n", count)) + "0\r\n\r\n";

    // issue 17: 320,000 one-byte chunks (1.9 MB on the wire, 320 KB de-chunked) passed the 1 MB body cap.
    [Fact]
    public void TryRead_OneByteChunksPastTheFramingCap_ThrowsChunkFramingTooLarge()
    {
        var ex = ParseFails(OneByteChunks(320_000));

        Assert.Equal(HttpParseError.ChunkFramingTooLarge, ex.Reason);
        Assert.True(ex.Offset < 2 * HttpLimits.DefaultMaxChunkFramingBytes, $"refused at offset {ex.Offset}, not as soon as the framing passed the cap");
    }

    // issue 17: a long chunk extension on every chunk inflated the wire size the same way.
    [Fact]
    public void TryRead_LongExtensionsPastTheFramingCap_ThrowsChunkFramingTooLarge()
    {
        var chunk = "1;" + new string('e', 1000) + "\r\nx\r\n";
        var ex = ParseFails("POST /wsman HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\n" + string.Concat(Enumerable.Repeat(chunk, 100)) + "0\r\n\r\n");

        Assert.Equal(HttpParseError.ChunkFramingTooLarge, ex.Reason);
    }

    [Fact]
    public void TryRead_ChunksWithinTheFramingCap_Accepted()
    {
        var request = ParseAll(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(OneByteChunks(5_000))));

        Assert.Equal(5_000, request.Body.Length);
    }

    // issue 17: each read re-parsed the whole request from its first byte, quadratic in the number of reads.
    // The parser now resumes after the last complete chunk; a buffer growing one chunk at a time gives the same request.
    [Fact]
    public void TryRead_BufferGrowingChunkByChunk_ResumesAndMatchesTheOneShotParse()
    {
        var bytes = Encoding.ASCII.GetBytes(OneByteChunks(2_000));
        var parser = new HttpRequestParser();
        HttpRequest? request = null;
        for (var n = 60; n <= bytes.Length && request is null; n += 6)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, 0, Math.Min(n, bytes.Length)));
            if (parser.TryRead(ref reader, out var r))
            {
                request = r;
            }
            else
            {
                Assert.Equal(0, reader.Consumed);
            }
        }

        var whole = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        if (request is null)
        {
            Assert.True(parser.TryRead(ref whole, out request));
        }

        Assert.Equal(new string('x', 2_000), Encoding.ASCII.GetString(request.Body.Span));
    }

    [Fact]
    public void TryRead_OtherBufferAfterAnIncompleteOne_ParsesFromScratch()
    {
        var parser = new HttpRequestParser();
        var partial = new SequenceReader<byte>(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(ChunkedRequest[..^10])));
        Assert.False(parser.TryRead(ref partial, out _));

        var other = new SequenceReader<byte>(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(ContentLengthRequest)));

        Assert.True(parser.TryRead(ref other, out var request));
        Assert.False(request.Chunked);
        Assert.Equal(Body, Encoding.ASCII.GetString(request.Body.Span));
    }
}
