using System.Buffers;
using System.Net;
using System.Text;
using AmtSim.Pki.Inspection;
using AmtSim.Protocol.Apf;
using AmtSim.Protocol.Dhcp;
using AmtSim.Protocol.Dns;
using AmtSim.Protocol.Hello;
using AmtSim.Protocol.Http;
using AmtSim.Protocol.Wsman;
using AmtSim.Scenarios.Loading;

namespace AmtSim.Benchmarks.Fuzz;

/// <summary>
/// Every parser and loader that reads outside input (issue 17): the PKI hello, DHCP, DNS, an HTTP
/// request, an APF (CIRA) stream, a Digest Authorization header, a WS-Man envelope, a scenario file, and a certificate file
/// in PEM, DER or PFX. Seeds are fixed valid inputs (certificates from the committed fixture PKI when
/// its folder is given), so the same run seed gives the same inputs.
/// </summary>
public static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All(string? fixtureDirectory)
        => [Hello(), Dhcp(), Dns(), Http(), Digest(), Wsman(), Yaml(), Certificate(fixtureDirectory), Apf()];

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static FuzzTarget Hello()
    {
        var hello = new PkiHello
        {
            Uuid = new Guid("4bac9510-04a6-4321-bae2-d45ddf07b684"),
            RetryCount = 3,
            Hashes =
            [
                PkiHelloHash.FromHex(CertHashType.Sha256, "c3846bf24b9e93ca64274c0ec67c1ecc5e024ffcacd2d74019350e81fe546ae4"),
                PkiHelloHash.FromHex(CertHashType.Sha1, "2796bae63f1801e277261ba0d77770028f20eee4"),
            ],
        };
        var one = PkiHelloWriter.ToArray(hello);
        return new FuzzTarget("hello", [one, PkiHelloWriter.ToArray(hello with { Hashes = [] })], bytes =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            while (reader.Remaining > 0 && PkiHelloReader.TryRead(ref reader, out _))
            {
            }
        }, n => [.. Enumerable.Repeat(one, n).SelectMany(b => b)]);
    }

    private static FuzzTarget Apf()
    {
        // A device's first flight and an MPS's replies: the reader must return, or throw ApfFormatException, for any mutation.
        ApfMessage[] device =
        [
            new ApfProtocolVersion(1, 0, 0, new Guid("4bac9510-04a6-4321-bae2-d45ddf07b684")),
            new ApfServiceRequest(ApfNames.AuthService),
            ApfUserAuthRequest.WithPassword("tOkGm9ydWsWNxSEv", "P@ssw0rd"),
            ApfGlobalRequest.Forward("", 16992),
            new ApfChannelOpenConfirmation(4, 1, 4096),
            new ApfChannelData(4, Utf8("HTTP/1.1 200 OK\r\n\r\n")),
        ];
        ApfMessage[] server =
        [
            new ApfServiceAccept(ApfNames.AuthService),
            new ApfUserAuthFailure(ApfNames.PasswordMethod),
            new ApfRequestSuccess(16992),
            new ApfChannelOpen(ApfNames.ForwardedTcpip, 4, 32768, "d", 16992, "1.2.3.4", 1024),
            new ApfKeepAliveOptionsRequest(30, 0),
            new ApfChannelClose(1),
        ];
        var one = device.SelectMany(ApfWriter.ToArray).ToArray();
        return new FuzzTarget("apf", [one, server.SelectMany(ApfWriter.ToArray).ToArray()], bytes =>
        {
            foreach (var options in new[] { ApfReadOptions.Server, ApfReadOptions.Device })
            {
                var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
                while (reader.Remaining > 0 && ApfReader.TryRead(ref reader, options, out _))
                {
                }
            }
        }, n => [.. Enumerable.Repeat(one, n).SelectMany(b => b)]);
    }

    private static FuzzTarget Dhcp()
    {
        DhcpMessage Message(int extra) => new()
        {
            TransactionId = 0x1234,
            ClientHardwareAddress = new byte[] { 0x8c, 0x8c, 0xaa, 1, 2, 3 },
            Options =
            [
                new DhcpOption(DhcpOptionCode.MessageType, new byte[] { 1 }),
                new DhcpOption(DhcpOptionCode.DomainName, Utf8("contoso.com")),
                .. Enumerable.Range(0, extra).Select(i => new DhcpOption((DhcpOptionCode)(200 + (i % 50)), Utf8("x"))),
            ],
        };
        return new FuzzTarget("dhcp", [DhcpCodec.Write(Message(0)), DhcpCodec.Write(Message(3))], bytes =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            DhcpCodec.TryRead(ref reader, out _);
        }, n => DhcpCodec.Write(Message(n)));
    }

    private static FuzzTarget Dns()
    {
        DnsMessage Response(int answers) => new()
        {
            Id = 7,
            IsResponse = true,
            Questions = [new DnsQuestion("provisionserver.contoso.com", DnsRecordType.A)],
            Answers = [.. Enumerable.Range(0, answers).Select(i => new DnsRecord("provisionserver.contoso.com", DnsRecordType.A, 60, new IPAddress([10, 0, (byte)(i >> 8), (byte)i])))],
        };
        return new FuzzTarget("dns", [DnsCodec.Write(DnsMessage.Query(1, "provisionserver.contoso.com", DnsRecordType.A)), DnsCodec.Write(Response(2))], bytes =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            DnsCodec.TryRead(ref reader, out _);
        }, n => DnsCodec.Write(Response(Math.Min(n, 4000))));
    }

    private static FuzzTarget Http()
    {
        const string Body = "<Envelope/>";
        var plain = $"POST /wsman HTTP/1.1\r\nHost: 127.10.0.1:16992\r\nContent-Type: application/soap+xml\r\nContent-Length: {Body.Length}\r\n\r\n{Body}";
        var chunked = $"POST /wsman HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\n5;e=1\r\n<Enve\r\n{Body.Length - 5:x}\r\n{Body[5..]}\r\n0\r\nX-T: 1\r\n\r\n";
        // The input arrives as the connection loop sees it: a buffer growing 61 bytes at a time, offered
        // to one parser after each piece, so the resumption after an incomplete request is fuzzed too.
        // Framing and body caps are raised to 1 MiB so the growth check measures the parser, not the cap.
        var limits = new HttpLimits { MaxChunkFramingBytes = 1024 * 1024 };
        return new FuzzTarget("http", [Utf8(plain), Utf8(chunked), Utf8("GET / HTTP/1.0\r\n\r\n")], bytes =>
        {
            var parser = new HttpRequestParser(limits);
            var start = 0;
            for (var end = Math.Min(61, bytes.Length); ; end = Math.Min(end + 61, bytes.Length))
            {
                var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, start, end - start));
                while (reader.Remaining > 0 && parser.TryRead(ref reader, out _))
                {
                }

                start += (int)reader.Consumed;
                if (end == bytes.Length)
                {
                    break;
                }
            }
        }, n => Utf8("POST /wsman HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\n" + string.Concat(Enumerable.Repeat("1\r\nx\r\n", n)) + "0\r\n\r\n"));
    }

    private static FuzzTarget Digest()
    {
        var header = DigestCredentials.ForRequest("admin", "P@ssw0rd", "Digest:727734D63A1FC0423736E48DA554E462", "B9AX94iAAAAAAAAAx6rrSfPHGUrx/3uA", 1, "c1", "POST", "/wsman");
        return new FuzzTarget("digest", [Utf8(header.ToHeaderValue()), Utf8(header.ToHeaderValue(quoteNcAndQop: true) + ", algorithm=MD5")], bytes =>
        {
            if (DigestCredentials.TryParse(Encoding.Latin1.GetString(bytes), out var c, out _))
            {
                _ = c.NonceCount;
            }
        }, n => Utf8(header.ToHeaderValue() + string.Concat(Enumerable.Range(0, n).Select(i => $", x{i}=\"v\\\"{i}\""))));
    }

    private static string Envelope(string body, string headers = "")
        => "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
           + $"<Envelope xmlns:a=\"{WsmanNamespaces.Addressing}\" xmlns:w=\"{WsmanNamespaces.Wsman}\" xmlns=\"{WsmanNamespaces.Soap}\">"
           + "<Header><a:Action>http://schemas.xmlsoap.org/ws/2004/09/transfer/Get</a:Action><a:To>/wsman</a:To>"
           + "<w:ResourceURI>http://intel.com/wbem/wscim/1/amt-schema/1/AMT_GeneralSettings</w:ResourceURI>"
           + $"<a:MessageID>1</a:MessageID><a:ReplyTo><a:Address>{WsmanNamespaces.AnonymousRole}</a:Address></a:ReplyTo>{headers}</Header><Body>{body}</Body></Envelope>";

    private static FuzzTarget Wsman()
    {
        var selectors = "<w:SelectorSet><w:Selector Name=\"InstanceID\">AMT &amp; x</w:Selector></w:SelectorSet>";
        return new FuzzTarget("wsman", [Utf8(Envelope("")), Utf8(Envelope($"<Pull xmlns=\"{WsmanNamespaces.Enumeration}\"><EnumerationContext>02</EnumerationContext><MaxElements>9</MaxElements></Pull>", selectors))],
            bytes => WsmanRequest.Parse(bytes),
            n => Utf8(Envelope("", "<w:SelectorSet>" + string.Concat(Enumerable.Range(0, n).Select(i => $"<w:Selector Name=\"S{i}\">v</w:Selector>")) + "</w:SelectorSet>")));
    }

    private static FuzzTarget Yaml()
    {
        const string Full = "name: fuzz\ndescription: &d a scenario\nseed: 42\nnow: 2026-06-01T12:00:00Z\nrun-for: 2h\n"
            + "pki:\n  provisioning-certificate: prov-valid\n  pfx: full-chain\nca:\n  policy: pending\n  approve-after: 30m\n"
            + "network:\n  scopes:\n    - name: hq\n      option15: contoso.com\n      devices: 3\n      firmware: { \"11.8\": 2, \"16.1\": 1 }\n"
            + "  zones:\n    - name: contoso.com\n      provision-server: true\n"
            + "devices:\n  firmware: \"12.0\"\n  clock-offset: -5m\n  hello-window: 6h\n"
            + "expect:\n  devices:\n    - { scope: hq, state: pre, reason: IntermediateExpired }\n  counts: { pre: 3 }\n"
            + "  log:\n    - Server unexpectedly disconnected when TLS handshaking.\n    - regex: '^\\*\\*\\*\\* Error'\n    - *d\n  tls-alerts: { 46: 3 }\n";
        return new FuzzTarget("yaml", [Utf8(Full), Utf8("name: minimal\n")],
            bytes => ScenarioLoader.Parse(Encoding.UTF8.GetString(bytes), "fuzz.yaml"),
            n => Utf8("name: grow\nexpect:\n  log:\n" + string.Concat(Enumerable.Range(0, n).Select(i => $"    - line {i}\n"))));
    }

    private static FuzzTarget Certificate(string? fixtureDirectory)
    {
        var seeds = new List<byte[]>();
        if (fixtureDirectory is not null && Directory.Exists(fixtureDirectory))
        {
            foreach (var name in new[] { "prov-valid.crt.pem", "prov-valid.chain.pem", "prov-valid.pfx" })
            {
                var path = Path.Combine(fixtureDirectory, name);
                if (File.Exists(path))
                {
                    seeds.Add(File.ReadAllBytes(path));
                }
            }

            if (seeds.Count > 0)
            {
                var pem = Encoding.ASCII.GetString(seeds[0]);
                var b64 = string.Concat(pem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal)));
                seeds.Add(Convert.FromBase64String(b64)); // the DER form
            }
        }

        if (seeds.Count == 0)
        {
            seeds.Add(Utf8("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"));
            seeds.Add([0x30, 0x82, 0x01, 0x00, 0x30, 0x81, 0xf0]);
        }

        return new FuzzTarget("certificate", seeds,
            bytes => CertificateFile.Parse("fuzz", bytes, "amtsim"),
            n => Utf8(string.Concat(Enumerable.Repeat(Encoding.ASCII.GetString(seeds[0]).TrimEnd() + "\n", Math.Max(1, n / 16)))));
    }
}
