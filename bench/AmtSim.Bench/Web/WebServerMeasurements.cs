using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Profiles;
using AmtSim.Firmware.Time;
using AmtSim.Firmware.Validation;
using AmtSim.Firmware.Web;

namespace AmtSim.Bench.Web;

/// <summary>
/// Plain measurements that do not fit BenchmarkDotNet: TLS handshakes per second against one
/// device on loopback, and the resident memory of many idle devices. Figures go to bench/README.md.
/// </summary>
public static class WebServerMeasurements
{
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        switch (args[0])
        {
            case "handshakes":
                await HandshakesAsync(provisioned: true, seconds);
                await HandshakesAsync(provisioned: false, seconds);
                return 0;
            case "wsman-rps":
                await WsmanRequestsAsync(seconds);
                return 0;
            case "idle-rss":
                await IdleRssAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000);
                return 0;
            default:
                return -1;
        }
    }

    /// <summary>
    /// WS-Man requests per second against one device's real WsmanService on 16992: Get
    /// AMT_GeneralSettings over keep-alive HTTP with Digest (nonce reused, rising nc), from two
    /// concurrent clients (.NET HttpClient through the service point's WsmanClient).
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static async Task WsmanRequestsAsync(int seconds)
    {
        var address = IPAddress.Parse("127.88.0.1");
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var device = Device(1, address, Firmware.Web.SetupCertificateFactory.Create(new DeviceIdentity
        {
            Uuid = Guid.NewGuid(),
            Mac = "8c:8c:aa:00:00:02",
            Hostname = "bench1.contoso.com",
            Firmware = FirmwareProfile.For("16.1.25.2124"),
        }, DateTimeOffset.UtcNow, key));
        await using var server = new Firmware.Web.FirmwareWebServer(device, new Firmware.Wsman.WsmanService(device), new Firmware.Web.FirmwareWebServerOptions { HttpPort = 0, TlsPort = 0 });
        server.Start();
        var endpoint = server.HttpEndPoint!;
        var count = 0;
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        async Task Client()
        {
            using var client = new Provisioning.Wsman.WsmanClient(
                async ct =>
                {
                    var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                    await socket.ConnectAsync(endpoint, ct);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                },
                endpoint.Address.ToString(),
                endpoint.Port,
                new NetworkCredential("admin", "admin"));
            while (stopwatch.Elapsed < TimeSpan.FromSeconds(seconds))
            {
                await client.GetAsync("AMT_GeneralSettings", CancellationToken.None);
                Interlocked.Increment(ref count);
            }
        }

        await Task.WhenAll(Client(), Client());
        var rate = count / stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"WS-Man Get AMT_GeneralSettings over HTTP + Digest, 2 keep-alive clients: {rate:F0} requests/s ({count} in {stopwatch.Elapsed.TotalSeconds:F1} s)"));
    }

    private static AmtDevice Device(int index, IPAddress address, X509Certificate2 certificate)
    {
        var identity = new DeviceIdentity
        {
            Uuid = new Guid(index, unchecked((short)0x8086), unchecked((short)0x8086), [0, 0, 0, 0, 0, 0, 0, 1]),
            Mac = "8c:8c:aa:00:00:01",
            Hostname = $"bench{index}.contoso.com",
            Firmware = FirmwareProfile.For("16.1.25.2124"),
        };
        var device = new AmtDevice(identity, new DeviceClock(TimeProvider.System)) { SetupCertificate = certificate };
        device.Network.Address = address;
        device.Network.DhcpDomainSuffix = "contoso.com";
        return device;
    }

    /// <summary>Full TLS 1.2 handshakes (ECDHE-RSA, then RSA key exchange) from two concurrent .NET clients for <paramref name="seconds"/> each.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static async Task HandshakesAsync(bool provisioned, int seconds)
    {
        var probe = Device(0, IPAddress.Parse("127.30.0.1"), null!);
        using var certificate = SetupCertificateFactory.Create(probe.Identity, DateTimeOffset.UtcNow);
        using var clientCertificate = SetupCertificateFactory.Create(probe.Identity with { Hostname = "provisionserver.contoso.com" }, DateTimeOffset.UtcNow);
        var device = Device(0, IPAddress.Parse("127.30.0.1"), certificate);
        if (provisioned)
        {
            device.ProvisionedCertificate = certificate;
            device.Apply(LifecycleEvent.SetupSessionAccepted, "bench");
            device.Apply(LifecycleEvent.Committed, "bench");
        }

        var options = new FirmwareWebServerOptions { HttpPort = 0, TlsPort = 0, Validator = (_, _) => ValidationResult.Accept("bench") };
        await using var server = new FirmwareWebServer(device, UnavailableWsmanHandler.Instance, options);
        server.Start();
        foreach (var suite in new[] { TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TlsCipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256 })
        {
            var count = 0;
            var stopwatch = Stopwatch.StartNew();
            var until = TimeSpan.FromSeconds(seconds);
            async Task Client()
            {
                while (stopwatch.Elapsed < until)
                {
                    using var tcp = new TcpClient();
                    await tcp.ConnectAsync(server.TlsEndPoint!);
                    await using var ssl = new SslStream(tcp.GetStream());
                    var clientOptions = new SslClientAuthenticationOptions
                    {
                        TargetHost = "bench",
                        EnabledSslProtocols = SslProtocols.Tls12,
                        CipherSuitesPolicy = new CipherSuitesPolicy([suite]),
                        RemoteCertificateValidationCallback = (_, c, _, _) => c is not null && c.GetCertHashString() == certificate.Thumbprint,
                    };
                    if (!provisioned)
                    {
                        clientOptions.ClientCertificateContext = SslStreamCertificateContext.Create(clientCertificate, null, offline: true);
                    }

                    await ssl.AuthenticateAsClientAsync(clientOptions);
                    Interlocked.Increment(ref count);
                }
            }

            await Task.WhenAll(Client(), Client());
            var rate = count / stopwatch.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"handshakes/s ({(provisioned ? "provisioned, no client cert" : "setup mode, client cert checked")}, {suite}): {rate:F0} ({count} in {stopwatch.Elapsed.TotalSeconds:F1} s)"));
        }
    }

    /// <summary>Starts <paramref name="devices"/> devices (both listeners each) and reports the process's resident memory once idle.</summary>
    private static async Task IdleRssAsync(int devices)
    {
        using var certificate = SetupCertificateFactory.Create(Device(0, IPAddress.Loopback, null!).Identity, DateTimeOffset.UtcNow);
        var before = Rss();
        var servers = new List<FirmwareWebServer>();
        for (var i = 0; i < devices; i++)
        {
            var address = new IPAddress([127, 40, (byte)(i / 250), (byte)(i % 250 + 1)]);
            var server = new FirmwareWebServer(Device(i, address, certificate), UnavailableWsmanHandler.Instance, new FirmwareWebServerOptions { HttpPort = 16992, TlsPort = 16993 });
            server.Start();
            servers.Add(server);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var after = Rss();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"idle RSS: {after / 1048576.0:F1} MiB with {devices} devices listening on 16992+16993 (process before devices: {before / 1048576.0:F1} MiB; {(after - before) / 1024.0 / devices:F1} KiB per device)"));
        foreach (var server in servers)
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>VmRSS from /proc/self/status (the working set .NET reports on Linux is the same figure).</summary>
    private static long Rss()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }
}
