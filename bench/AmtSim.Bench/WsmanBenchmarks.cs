using AmtSim.Runtime.Time;
using System.Buffers;
using System.Text;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Profiles;
using AmtSim.Firmware.Time;
using AmtSim.Firmware.Wsman;
using AmtSim.Protocol.Wsman;
using BenchmarkDotNet.Attributes;

namespace AmtSim.Bench;

/// <summary>
/// WS-Man without the network: envelope parsing, a Get, and a full Enumerate + Pull of
/// CIM_SoftwareIdentity (11 instances) on one device.
/// <c>dotnet run -c Release --project bench/AmtSim.Bench -- --filter '*WsmanBenchmarks*' --job short</c>
/// </summary>
[MemoryDiagnoser]
public class WsmanBenchmarks
{
    private static readonly WsmanCaller Caller = new("admin", "127.0.0.1:50000", OverTls: false, ClientCertificateAccepted: false);
    private static readonly byte[] ContextTag = Encoding.UTF8.GetBytes("<g:EnumerationContext>");

    private WsmanService _service = null!;
    private ReadOnlySequence<byte> _get;
    private ReadOnlySequence<byte> _enumerate;
    private string _pullTemplate = "";

    [GlobalSetup]
    public void Setup()
    {
        var identity = new DeviceIdentity
        {
            Uuid = Guid.Parse("939b524b-13d4-1d18-e487-1c697a6b7a2b"),
            Mac = "00:1b:21:0a:0b:0c",
            Hostname = "bench",
            Firmware = FirmwareProfile.For("11.8.50.3425"),
        };
        _service = new WsmanService(new AmtDevice(identity, new DeviceClock(new VirtualTimeProvider(DateTimeOffset.UnixEpoch))));
        _get = Body(WsmanActions.Get, "AMT_GeneralSettings", "");
        _enumerate = Body(WsmanActions.Enumerate, "CIM_SoftwareIdentity", $"<Enumerate xmlns=\"{WsmanNamespaces.Enumeration}\" />");
        _pullTemplate = Envelope(WsmanActions.Pull, "CIM_SoftwareIdentity", $"<Pull xmlns=\"{WsmanNamespaces.Enumeration}\"><EnumerationContext>CONTEXT</EnumerationContext><MaxElements>999</MaxElements><MaxCharacters>99999</MaxCharacters></Pull>");
    }

    [Benchmark]
    public WsmanRequest ParseEnvelope() => WsmanRequest.Parse(_enumerate);

    [Benchmark]
    public WsmanReply GetGeneralSettings() => _service.Handle(_get, Caller);

    /// <summary>Enumerate, then one Pull with MaxElements 999 that returns all 11 instances and EndOfSequence.</summary>
    [Benchmark]
    public WsmanReply EnumerateAndPullSoftwareIdentity()
    {
        var enumerated = _service.Handle(_enumerate, Caller).Body;
        var start = enumerated.AsSpan().IndexOf(ContextTag) + ContextTag.Length;
        var context = Encoding.UTF8.GetString(enumerated, start, 36);
        return _service.Handle(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(_pullTemplate.Replace("CONTEXT", context, StringComparison.Ordinal))), Caller);
    }

    private static ReadOnlySequence<byte> Body(string action, string className, string body)
        => new(Encoding.UTF8.GetBytes(Envelope(action, className, body)));

    private static string Envelope(string action, string className, string body)
        => "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
           + $"<Envelope xmlns:a=\"{WsmanNamespaces.Addressing}\" xmlns:w=\"{WsmanNamespaces.Wsman}\" xmlns=\"{WsmanNamespaces.Soap}\">"
           + $"<Header><a:Action>{action}</a:Action><a:To>/wsman</a:To><w:ResourceURI>{WsmanNamespaces.ResourceUriOf(className)}</w:ResourceURI>"
           + $"<a:MessageID>1</a:MessageID><a:ReplyTo><a:Address>{WsmanNamespaces.AnonymousRole}</a:Address></a:ReplyTo><w:OperationTimeout>PT60S</w:OperationTimeout></Header>"
           + $"<Body>{body}</Body></Envelope>";
}
