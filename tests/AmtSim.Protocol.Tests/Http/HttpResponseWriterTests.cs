using System.Buffers;
using System.Text;
using AmtSim.Protocol.Http;
using Xunit;

namespace AmtSim.Protocol.Tests.Http;

public class HttpResponseWriterTests
{
    private const string Version = "15.0.23.1706";

    private static (HttpResponse Response, string Raw) Read(Action<ArrayBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(buffer.WrittenMemory));
        Assert.True(HttpResponse.TryRead(ref reader, HttpLimits.Default, out var response));
        Assert.Equal(0, reader.Remaining);
        return (response, Encoding.ASCII.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void WriteUnauthorized_HasAmtHeadersPageAndClose()
    {
        var (response, raw) = Read(b => HttpResponseWriter.WriteUnauthorized(b, "Digest:727734D63A1FC0423736E48DA554E462", "B9AX94iAAAAAAAAAx6rrSfPHGUrx/3uA", stale: false, Version));

        Assert.StartsWith("HTTP/1.1 401 Unauthorized\r\n", raw, StringComparison.Ordinal);
        Assert.Equal("Digest realm=\"Digest:727734D63A1FC0423736E48DA554E462\", nonce=\"B9AX94iAAAAAAAAAx6rrSfPHGUrx/3uA\",stale=\"false\",qop=\"auth\"", response.Headers["WWW-Authenticate"]);
        Assert.Equal("text/html", response.Headers["Content-Type"]);
        Assert.Equal("Intel(R) Active Management Technology 15.0.23.1706", response.Headers["Server"]);
        Assert.Equal("close", response.Headers["Connection"]);
        Assert.False(response.Chunked);
        Assert.Equal(response.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers["Content-Length"]);
        Assert.InRange(response.Body.Length, 600, 800);
        var page = Encoding.ASCII.GetString(response.Body.Span);
        Assert.Contains("<title>Intel&reg; Active Management Technology</title>", page, StringComparison.Ordinal);
        Assert.Contains("Log on failed. Incorrect user name or password, or user account temporarily locked.", page, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteUnauthorized_Stale_SaysStaleTrue()
    {
        var (response, _) = Read(b => HttpResponseWriter.WriteUnauthorized(b, "Digest:00", "n", stale: true, Version));
        Assert.True(DigestChallenge.TryParse(response.Headers["WWW-Authenticate"]!, out var challenge));
        Assert.True(challenge.Stale);
        Assert.Equal("auth", challenge.Qop);
    }

    [Theory]
    [InlineData(200, false)]
    [InlineData(400, true)]
    public void WriteSoap_IsChunkedWithAmtHeaders(int status, bool close)
    {
        var body = Encoding.UTF8.GetBytes(new string('x', 10000));
        var (response, raw) = Read(b => HttpResponseWriter.WriteSoap(b, status, body, Version, close));

        Assert.Equal(status, response.StatusCode);
        Assert.True(response.Chunked);
        Assert.Equal("application/soap+xml; charset=UTF-8", response.Headers["Content-Type"]);
        Assert.Equal("DENY", response.Headers["X-Frame-Options"]);
        Assert.Equal("Intel(R) Active Management Technology 15.0.23.1706", response.Headers["Server"]);
        Assert.Null(response.Headers["Content-Length"]);
        Assert.Equal(close ? "close" : null, response.Headers["Connection"]);
        Assert.Equal(body, response.Body.ToArray());
        Assert.EndsWith("\r\n0\r\n\r\n", raw, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteFixed_NonChunkedBody_NeverSaysConnectionClose()
    {
        var (response, _) = Read(b => HttpResponseWriter.WriteFixed(b, 404, "text/html", "nope"u8, Version));
        Assert.Equal(404, response.StatusCode);
        Assert.Null(response.Headers["Connection"]);
        Assert.Equal("4", response.Headers["Content-Length"]);
    }
}
