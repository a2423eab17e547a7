using AmtSim.Runtime.Time;
using AmtSim.Firmware.Validation;
using System.Buffers;
using System.Net;
using System.Text;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Profiles;
using AmtSim.Firmware.Time;
using AmtSim.Firmware.Web;
using AmtSim.Firmware.Wsman;

namespace AmtSim.Testing.Web;

/// <summary>Devices for web-server tests: fixed identity, virtual clock, a 127.x address, a setup certificate.</summary>
public static class WebTestDevices
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private static int _nextAddress;

    /// <summary>A fresh loopback address per call (127.77.x.y), so parallel tests never share a listener.</summary>
    public static IPAddress NextAddress()
    {
        var n = Interlocked.Increment(ref _nextAddress) + (Environment.ProcessId % 200 * 256);
        return new IPAddress([127, 77, (byte)(n / 250 % 250 + 1), (byte)(n % 250 + 1)]);
    }

    public static AmtDevice Create(string firmware = "16.1.25.2124", VirtualTimeProvider? time = null, int index = 1, bool withCertificate = true)
    {
        time ??= new VirtualTimeProvider(Start);
        var identity = new DeviceIdentity
        {
            Uuid = new Guid($"{index:x8}-8086-4d1e-a5b2-0a1b2c3d4e5f"),
            Mac = "00:15:5d:00:00:" + (index % 256).ToString("x2", System.Globalization.CultureInfo.InvariantCulture),
            Hostname = $"amt{index}.contoso.com",
            Firmware = FirmwareProfile.For(firmware),
        };
        var device = new AmtDevice(identity, new DeviceClock(time));
        device.Network.Address = NextAddress();
        device.Network.DhcpDomainSuffix = "contoso.com";
        device.Network.Fqdn = identity.Hostname;
        if (withCertificate)
        {
            device.SetupCertificate = SetupCertificateFactory.Create(identity, Start);
        }

        return device;
    }

    /// <summary>Options on ephemeral ports with the stand-in chain rule.</summary>
    public static FirmwareWebServerOptions Options(ChainValidator? validator = null) => new()
    {
        HttpPort = 0,
        TlsPort = 0,
        Validator = validator ?? StandInChainValidator.Validate,
        NonceSeed = 1234,
    };
}

/// <summary>A stand-in WS-Man service: echoes who called and what was sent, or answers 400 for a body saying "fault".</summary>
public sealed class EchoWsmanHandler : IWsmanHandler
{
    private readonly Lock _gate = new();
    private readonly List<(string Body, WsmanCaller Caller)> _calls = [];

    public IReadOnlyList<(string Body, WsmanCaller Caller)> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public WsmanReply Handle(ReadOnlySequence<byte> body, WsmanCaller caller)
    {
        var text = Encoding.UTF8.GetString(body);
        lock (_gate)
        {
            _calls.Add((text, caller));
        }

        var reply = $"<echo user=\"{caller.User}\" tls=\"{caller.OverTls}\" cert=\"{caller.ClientCertificateAccepted}\">{text}</echo>";
        return new WsmanReply(text.Contains("fault", StringComparison.Ordinal) ? 400 : 200, Encoding.UTF8.GetBytes(reply));
    }
}
