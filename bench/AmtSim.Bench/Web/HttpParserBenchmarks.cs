using System.Buffers;
using System.Text;
using AmtSim.Protocol.Http;
using BenchmarkDotNet.Attributes;

namespace AmtSim.Bench.Web;

/// <summary>The resumable HTTP/1.1 request parser on typical WS-Man requests.</summary>
[MemoryDiagnoser]
public class HttpParserBenchmarks
{
    private static readonly string Body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Envelope xmlns=\"http://www.w3.org/2003/05/soap-envelope\">" + new string('x', 1500) + "</Envelope>";

    private readonly HttpRequestParser _parser = new();
    private ReadOnlySequence<byte> _contentLength;
    private ReadOnlySequence<byte> _chunked;

    [GlobalSetup]
    public void Setup()
    {
        var head = "POST /wsman HTTP/1.1\r\nHost: 127.10.0.1:16992\r\nAuthorization: Digest username=\"admin\", realm=\"Digest:B52D3B153B62CA1ADEE40C69D86EAB94\", nonce=\"4lPNdO4Mis5MPDmsvv54w9XY\", uri=\"/wsman\", response=\"0123456789abcdef0123456789abcdef\", qop=auth, nc=00000001, cnonce=\"abc\"\r\nContent-Type: application/soap+xml; charset=UTF-8\r\n";
        _contentLength = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(head + $"Content-Length: {Body.Length}\r\n\r\n" + Body));
        var chunked = new StringBuilder(head).Append("Transfer-Encoding: chunked\r\n\r\n");
        for (var i = 0; i < Body.Length; i += 512)
        {
            var piece = Body.Substring(i, Math.Min(512, Body.Length - i));
            chunked.Append(piece.Length.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append("\r\n").Append(piece).Append("\r\n");
        }

        chunked.Append("0\r\n\r\n");
        _chunked = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(chunked.ToString()));
    }

    [Benchmark(Baseline = true)]
    public HttpRequest ContentLength()
    {
        var reader = new SequenceReader<byte>(_contentLength);
        _parser.TryRead(ref reader, out var request);
        return request;
    }

    [Benchmark]
    public HttpRequest Chunked()
    {
        var reader = new SequenceReader<byte>(_chunked);
        _parser.TryRead(ref reader, out var request);
        return request;
    }

    /// <summary>An incomplete request (all but the last byte): the cost of a parse attempt that must give up and consume nothing.</summary>
    [Benchmark]
    public bool IncompleteAttempt()
    {
        var reader = new SequenceReader<byte>(_contentLength.Slice(0, _contentLength.Length - 1));
        return _parser.TryRead(ref reader, out _);
    }
}
