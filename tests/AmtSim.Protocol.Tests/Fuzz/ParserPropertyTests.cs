using System.Buffers;
using System.Text;
using AmtSim.Protocol.Apf;
using AmtSim.Protocol.Dhcp;
using AmtSim.Protocol.Dns;
using AmtSim.Runtime.Errors;
using AmtSim.Protocol.Hello;
using AmtSim.Protocol.Http;
using AmtSim.Protocol.Wsman;
using CsCheck;
using Xunit;

namespace AmtSim.Protocol.Tests.Fuzz;

/// <summary>
/// Property tests with CsCheck (issue 17): for any bytes, random or a mutation of a valid message, every
/// parser returns, or throws its documented <see cref="InvalidInputException"/>; an incomplete message
/// consumes nothing. A small budget per parser keeps `dotnet test` quick; `amtsim fuzz` runs millions.
/// CsCheck picks the seeds; a failure prints the seed that replays it (CsCheck_Seed=...).
/// </summary>
public class ParserPropertyTests
{
    private const int Iterations = 3_000;

    private static readonly byte[] HelloSeed = PkiHelloWriter.ToArray(new PkiHello
    {
        Uuid = new Guid("4bac9510-04a6-4321-bae2-d45ddf07b684"),
        Hashes = [PkiHelloHash.FromHex(CertHashType.Sha256, "c3846bf24b9e93ca64274c0ec67c1ecc5e024ffcacd2d74019350e81fe546ae4")],
    });

    private static readonly byte[] ApfSeed = [.. new ApfMessage[]
    {
        new ApfProtocolVersion(1, 0, 0, new Guid("4bac9510-04a6-4321-bae2-d45ddf07b684")),
        ApfUserAuthRequest.WithPassword("tOkGm9ydWsWNxSEv", "pw"),
        ApfGlobalRequest.Forward("", 16992),
        new ApfChannelOpen(ApfNames.ForwardedTcpip, 4, 32768, "d", 16992, "1.2.3.4", 1024),
        new ApfChannelData(4, "x"u8.ToArray()),
    }.SelectMany(ApfWriter.ToArray)];

    private static readonly byte[] HttpSeed = Encoding.ASCII.GetBytes("POST /wsman HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\n5;e=1\r\nhello\r\n0\r\nX-T: 1\r\n\r\n");

    private static readonly byte[] DnsSeed = DnsCodec.Write(DnsMessage.Query(1, "provisionserver.contoso.com", DnsRecordType.A));

    private static readonly byte[] DhcpSeed = DhcpCodec.Write(new DhcpMessage { TransactionId = 9, Options = [new DhcpOption(DhcpOptionCode.MessageType, new byte[] { 1 })] });

    private static readonly byte[] WsmanSeed = Encoding.UTF8.GetBytes(
        $"<Envelope xmlns:a=\"{WsmanNamespaces.Addressing}\" xmlns:w=\"{WsmanNamespaces.Wsman}\" xmlns=\"{WsmanNamespaces.Soap}\"><Header><a:Action>x</a:Action>"
        + "<w:SelectorSet><w:Selector Name=\"InstanceID\">a &amp; b</w:Selector></w:SelectorSet></Header><Body><Pull/></Body></Envelope>");

    private static readonly byte[] DigestSeed = Encoding.ASCII.GetBytes(
        DigestCredentials.ForRequest("admin", "P@ssw0rd", "Digest:727734D63A1FC0423736E48DA554E462", "B9AX94iAAAAAAAAAx6rrSfPHGUrx/3uA", 1, "c", "POST", "/wsman").ToHeaderValue(quoteNcAndQop: true));

    /// <summary>Random bytes, or the seed with a few bytes overwritten, inserted or cut off.</summary>
    private static Gen<byte[]> Inputs(byte[] seed) => Gen.Frequency(
        (1, Gen.Byte.Array[0, 300]),
        (3, Gen.Select(Gen.Int[0, seed.Length], Gen.Byte.Array[0, 8], Gen.Int[0, 3], (at, bytes, kind) => kind switch
        {
            0 => [.. seed[..at], .. bytes, .. seed[at..]],
            1 => [.. seed[..at], .. bytes, .. seed[Math.Min(seed.Length, at + bytes.Length)..]],
            2 => seed[..at],
            _ => [.. seed[..at], .. seed[at..], .. seed[at..]],
        })));

    private static void OnlyInvalidInput(Action parse)
    {
        try
        {
            parse();
        }
        catch (InvalidInputException)
        {
        }
    }

    [Fact]
    public void PkiHelloReader_AnyBytes_ReturnsOrThrowsHelloFormatException()
        => Inputs(HelloSeed).Sample(bytes => OnlyInvalidInput(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            if (!PkiHelloReader.TryRead(ref reader, out _))
            {
                Assert.Equal(0, reader.Consumed);
            }
        }), iter: Iterations);

    [Fact]
    public void ApfReader_AnyBytes_ReturnsOrThrowsApfFormatExceptionAndIncompleteConsumesNothing()
        => Inputs(ApfSeed).Sample(bytes =>
        {
            foreach (var options in new[] { ApfReadOptions.Server, ApfReadOptions.Device })
            {
                var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
                try
                {
                    while (true)
                    {
                        var before = reader.Consumed;
                        if (!ApfReader.TryRead(ref reader, options, out _))
                        {
                            Assert.Equal(before, reader.Consumed);
                            break;
                        }
                    }
                }
                catch (ApfFormatException)
                {
                }
            }
        }, iter: Iterations);

    [Fact]
    public void HttpRequestParser_AnyBytes_ReturnsOrThrowsHttpParseExceptionAndIncompleteConsumesNothing()
        => Inputs(HttpSeed).Sample(bytes =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            try
            {
                if (!new HttpRequestParser().TryRead(ref reader, out _))
                {
                    Assert.Equal(0, reader.Consumed);
                }
            }
            catch (HttpParseException)
            {
            }
        }, iter: Iterations);

    [Fact]
    public void HttpRequestParser_PrefixesFedToOneParser_SameRequestAsOneShot()
        => Gen.Int[1, 64].Sample(step =>
        {
            var parser = new HttpRequestParser();
            HttpRequest? request = null;
            for (var n = 0; n <= HttpSeed.Length && request is null; n += step)
            {
                var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(HttpSeed, 0, Math.Min(n, HttpSeed.Length)));
                if (parser.TryRead(ref reader, out var r))
                {
                    request = r;
                }
            }

            var whole = new SequenceReader<byte>(new ReadOnlySequence<byte>(HttpSeed));
            if (request is null)
            {
                Assert.True(parser.TryRead(ref whole, out request));
            }

            Assert.Equal("hello", Encoding.ASCII.GetString(request.Body.Span));
        }, iter: 200);

    [Fact]
    public void DnsCodec_AnyBytes_ReturnsOrThrowsDnsFormatException()
        => Inputs(DnsSeed).Sample(bytes => OnlyInvalidInput(() => DnsCodec.Read(bytes)), iter: Iterations);

    [Fact]
    public void DhcpCodec_AnyBytes_ReturnsOrThrowsDhcpFormatException()
        => Inputs(DhcpSeed).Sample(bytes => OnlyInvalidInput(() => DhcpCodec.Read(bytes)), iter: Iterations);

    [Fact]
    public void WsmanRequest_AnyBytes_ReturnsOrThrowsWsmanParseException()
        => Inputs(WsmanSeed).Sample(bytes => OnlyInvalidInput(() => WsmanRequest.Parse(bytes)), iter: Iterations);

    [Fact]
    public void DigestCredentials_AnyHeader_TryParseNeverThrows()
        => Inputs(DigestSeed).Sample(bytes =>
        {
            if (DigestCredentials.TryParse(Encoding.Latin1.GetString(bytes), out var c, out _))
            {
                Assert.NotNull(c.Uri);
                _ = c.NonceCount;
            }
        }, iter: Iterations);
}
