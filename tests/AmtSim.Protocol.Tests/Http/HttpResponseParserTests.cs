using System.Buffers;
using System.Text;
using AmtSim.Protocol.Http;
using Xunit;

namespace AmtSim.Protocol.Tests.Http;

/// <summary>The status line and chunked body of a response, as the service point's WS-Man client reads AMT's replies.</summary>
public sealed class HttpResponseParserTests
{
    [Fact]
    public void TryRead_ChunkedReply_GivesStatusAndBody()
    {
        var reader = Reader("HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1a;x=y\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n");

        Assert.True(new HttpResponseParser().TryRead(ref reader, out var response));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("OK", response.ReasonPhrase);
        Assert.True(response.Chunked);
        Assert.Equal("helloabcdefghijklmnopqrstuvwxyz", Encoding.ASCII.GetString(response.Body.Span));
    }

    [Theory]
    [InlineData("2x0")]
    [InlineData("20")]
    [InlineData("2000")]
    [InlineData("\u0662\u0660\u0660")]
    [InlineData("-20")]
    public void TryRead_StatusCodeNotThreeAsciiDigits_ThrowsBadStatusCode(string code)
    {
        var ex = Fails($"HTTP/1.1 {code} OK\r\nContent-Length: 0\r\n\r\n");

        Assert.Equal(HttpParseError.BadStatusCode, ex.Reason);
        Assert.Equal(9, ex.Offset);
    }

    [Theory]
    [InlineData("g")]
    [InlineData("1 2")]
    [InlineData("")]
    public void TryRead_BadChunkSize_ThrowsBadChunkSize(string size)
    {
        var ex = Fails($"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n{size}\r\nhello\r\n0\r\n\r\n");

        Assert.Equal(HttpParseError.BadChunkSize, ex.Reason);
    }

    private static HttpParseException Fails(string text)
        => Assert.Throws<HttpParseException>(() =>
        {
            var reader = Reader(text);
            new HttpResponseParser().TryRead(ref reader, out _);
        });

    private static SequenceReader<byte> Reader(string text) => new(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text)));
}
