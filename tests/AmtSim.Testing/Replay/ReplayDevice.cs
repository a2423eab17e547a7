using System.Net;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Profiles;
using AmtSim.Firmware.Time;
using AmtSim.Firmware.Web;
using AmtSim.Firmware.Wsman;
using AmtSim.Runtime.Time;
using AmtSim.Testing.Fixtures;
using AmtSim.Testing.Web;

namespace AmtSim.Testing.Replay;

/// <summary>
/// A fresh device for a transcript, built as <c>amtsim device serve</c> builds one (AMT 16.1.25, the fixture
/// PKI's stand-in roots unless told otherwise, MEBx password "admin") with the UUID the transcript's agent
/// reported, so its Digest realm and ConfigurationNonce are those RPS saw. Its web server listens on a fresh
/// 127.x address; <see cref="HttpEndPoint"/> is its 16992 listener (an ephemeral port, so parallel test
/// runs on one machine never collide). The real WS-Man service and validator answer.
/// </summary>
public sealed class ReplayDevice : IAsyncDisposable
{
    private ReplayDevice(AmtDevice device, FirmwareWebServer server, ErrorCollectingLoggerFactory logs, VirtualTimeProvider time)
    {
        Device = device;
        Server = server;
        Logs = logs;
        Time = time;
    }

    public AmtDevice Device { get; }

    public FirmwareWebServer Server { get; }

    /// <summary>Every Error log of the device; <see cref="DisposeAsync"/> fails on any.</summary>
    public ErrorCollectingLoggerFactory Logs { get; }

    public VirtualTimeProvider Time { get; }

    public IPEndPoint HttpEndPoint => Server.HttpEndPoint ?? throw new InvalidOperationException("the web server is not listening");

    public FirmwareWebServerOptions Options => Server.Options;

    /// <param name="suffix">The device's trusted DNS suffix (DHCP option 15); null: the suffix the agent reported.</param>
    /// <param name="trustStandInRoots">False for a device whose table holds only the firmware's real default roots.</param>
    /// <param name="wsmanOptions">Overrides for the WS-Man service (the logger is always the collecting one).</param>
    public static ReplayDevice Start(RpsTranscript transcript, string? suffix = null, bool trustStandInRoots = true, WsmanServiceOptions? wsmanOptions = null)
    {
        var time = new VirtualTimeProvider(transcript.StartedAt);
        var profile = FirmwareProfile.For("16.1.25.2124");
        var identity = new DeviceIdentity
        {
            Uuid = transcript.Uuid,
            Mac = "8c:8c:aa:00:00:01",
            Hostname = transcript.Hostname,
            Firmware = profile,
        };
        var table = trustStandInRoots ? TrustedHashTable.For(RepoFixtures.Manifest, profile) : profile.DefaultHashes;
        var device = new AmtDevice(identity, new DeviceClock(time), table) { MebxPassword = "admin" };
        suffix ??= transcript.Fqdn;
        device.Network.Address = WebTestDevices.NextAddress();
        device.Network.DhcpDomainSuffix = suffix;
        device.Network.Fqdn = $"{transcript.Hostname}.{suffix}";
        device.SetupCertificate = SetupCertificateFactory.Create(identity with { Hostname = device.Network.Fqdn }, device.Clock.Now);

        var logs = new ErrorCollectingLoggerFactory();
        var service = new WsmanService(device, (wsmanOptions ?? WsmanServiceOptions.Default) with { LoggerFactory = logs });
        var server = new FirmwareWebServer(device, service, WebTestDevices.Options(), logs);
        server.Start();
        return new ReplayDevice(device, server, logs, time);
    }

    /// <summary>A replayer for this device's credentials over <paramref name="transport"/> (default: one TCP connection per request to its 16992 listener).</summary>
    public TranscriptReplayer Replayer(IHttpExchangeTransport? transport = null)
        => new(transport ?? new SocketExchangeTransport(HttpEndPoint), new ReplayCredentials(Options.OsAdminPassword));

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Logs.AssertNoErrors();
    }
}
