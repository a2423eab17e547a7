using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Host;
using AmtSim.Firmware.Profiles;
using AmtSim.Firmware.Time;
using AmtSim.Firmware.Web;
using AmtSim.Firmware.Wsman;
using AmtSim.Pki.Fixtures;
using AmtSim.Runtime.Determinism;
using AmtSim.Runtime.Errors;
using AmtSim.Scenarios.World;
using Microsoft.Extensions.Logging;

namespace AmtSim.Cli.Commands;

/// <summary><c>amtsim device ...</c>: run simulated devices.</summary>
internal static class DeviceCommand
{
    public static Command Create()
    {
        var device = new Command("device", "Run simulated Intel AMT devices.");
        device.Subcommands.Add(CreateServe());
        return device;
    }

    private static Command CreateServe()
    {
        var count = new Option<int>("--devices") { Description = "Number of devices.", DefaultValueFactory = _ => 1 };
        var verbosity = new Option<Verbosity>("--verbosity") { Description = "What is logged on standard error: quiet (warnings and errors), normal (the effective knobs of each device at start, refused logins and lockouts, refused provisioning chains), detailed (also every WS-Man request and connection end).", DefaultValueFactory = _ => Verbosity.Normal };
        var seed = new Option<long>("--seed") { Description = "Run seed: the same seed gives the same devices.", DefaultValueFactory = _ => 1 };
        var firmware = new Option<string>("--firmware") { Description = "Firmware version (e.g. 11.8, 16.1.25.2124); picks TLS versions and validation rules.", DefaultValueFactory = _ => "16.1.25.2124" };
        var suffix = new Option<string?>("--suffix") { Description = "DHCP option 15 domain suffix the devices got (their trusted DNS suffix)." };
        var adminPassword = new Option<string>("--admin-password") { Description = "Digest password of 'admin' before provisioning (the MEBx password).", DefaultValueFactory = _ => "admin" };
        var baseAddress = new Option<string>("--base-address") { Description = "Loopback address of the first device; the next ones follow.", DefaultValueFactory = _ => "127.10.0.1" };
        var httpPort = new Option<int>("--http-port") { Description = "HTTP port (env AMTSIM_WEB_HTTP_PORT).", DefaultValueFactory = _ => FirmwareWebServerOptions.FromEnvironment().HttpPort };
        var tlsPort = new Option<int>("--tls-port") { Description = "TLS port (env AMTSIM_WEB_TLS_PORT).", DefaultValueFactory = _ => FirmwareWebServerOptions.FromEnvironment().TlsPort };
        var firstIndex = new Option<int>("--first-index") { Description = "Fleet index of the first device: identities derive from (seed, index), so processes with different first indexes never share UUIDs or MACs.", DefaultValueFactory = _ => 0 };
        var shard = new Option<string?>("--shard") { Description = "Serve only part I of N (I from 0) of the fleet of --devices N: the same identities and addresses those devices have when one process serves them all." };
        var provisioned = new Option<bool>("--provisioned") { Description = "Start provisioned (admin control mode): 16993 serves the device's certificate and asks for no client certificate (for benchmarks)." };
        var lockout = new Option<int>("--lockout-threshold") { Description = "Wrong passwords that lock an account (env AMTSIM_WEB_LOCKOUT_THRESHOLD).", DefaultValueFactory = _ => FirmwareWebServerOptions.FromEnvironment().LockoutThreshold };

        var serve = new Command("serve", "Run N devices on their own 127.x addresses (HTTP 16992, TLS 16993) until Ctrl-C.");
        foreach (var o in new Option[] { count, seed, firmware, suffix, adminPassword, baseAddress, firstIndex, shard, httpPort, tlsPort, lockout, verbosity, provisioned })
        {
            serve.Options.Add(o);
        }

        serve.SetAction((parse, cancellationToken) => CliAction.RunAsync(async () =>
        {
            var settings = new ServeSettings(
                parse.GetValue(count),
                parse.GetValue(seed),
                ParseFirmware(parse.GetValue(firmware)!),
                parse.GetValue(suffix),
                parse.GetValue(adminPassword)!,
                ParseAddress(parse.GetValue(baseAddress)!),
                FirmwareWebServerOptions.FromEnvironment() with
                {
                    HttpPort = parse.GetValue(httpPort),
                    TlsPort = parse.GetValue(tlsPort),
                    LockoutThreshold = parse.GetValue(lockout),
                },
                LoadManifest(),
                parse.GetValue(firstIndex),
                parse.GetValue(verbosity),
                parse.GetValue(provisioned));
            if (parse.GetValue(shard) is { } part)
            {
                settings = ForShard(settings, Shard.Parse(part));
            }

            return await ServeAsync(settings, Console.Out, cancellationToken);
        }));
        return serve;
    }

    /// <summary>What <c>device serve</c> runs: device <c>i</c> of the process is fleet index <c>FirstIndex + i</c>; <paramref name="Manifest"/> gives the stand-in roots every simulated device trusts.</summary>
    internal sealed record ServeSettings(int Count, long Seed, FirmwareVersion Firmware, string? Suffix, string AdminPassword, IPAddress BaseAddress, FirmwareWebServerOptions Options, FixtureManifest Manifest, int FirstIndex = 0, Verbosity Verbosity = Verbosity.Normal, bool Provisioned = false);

    /// <summary><c>--verbosity</c>: the log level of the devices' own logs on standard error.</summary>
    internal enum Verbosity
    {
        Quiet,
        Normal,
        Detailed,
    }

    internal static LogLevel LevelOf(Verbosity verbosity) => verbosity switch
    {
        Verbosity.Quiet => LogLevel.Warning,
        Verbosity.Detailed => LogLevel.Debug,
        _ => LogLevel.Information,
    };

    /// <summary>Shard I/N of the fleet of <see cref="ServeSettings.Count"/>: its devices keep the fleet indexes and addresses they have in one process serving the whole fleet.</summary>
    internal static ServeSettings ForShard(ServeSettings settings, Shard shard)
    {
        // The whole fleet may be larger than one process holds; the shard's own size is checked where it runs.
        if (settings.Count is < 1 or > 10_000_000)
        {
            throw new InvalidInputException($"--devices {settings.Count}: expected 1 to 10,000,000 devices in the whole fleet");
        }

        var (start, length) = shard.Range(settings.Count);
        if (length == 0)
        {
            throw new InvalidInputException($"--shard {shard}: a fleet of {settings.Count} device(s) leaves this shard empty; use fewer shards");
        }

        return settings with { Count = length, FirstIndex = settings.FirstIndex + start, BaseAddress = Offset(settings.BaseAddress, start) };
    }

    internal static FixtureManifest LoadManifest()
    {
        var directory = FixtureLocator.Find() ?? throw new SetupException("the fixture PKI (fixtures/pki) was not found; set AMTSIM_FIXTURES");
        try
        {
            return FixtureManifest.Load(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            throw new SetupException($"cannot read the fixture PKI in {directory}: {ex.Message}", ex);
        }
    }

    /// <summary>Starts the devices, prints one line each, waits for cancellation, stops them.</summary>
    internal static async Task<int> ServeAsync(ServeSettings settings, TextWriter output, CancellationToken cancellationToken, IWsmanHandler? handler = null)
    {
        if (settings.Count is < 1 or > 65000)
        {
            throw new InvalidInputException($"--devices {settings.Count}: expected 1 to 65000 devices");
        }

        if (settings.FirstIndex is < 0 || (long)settings.FirstIndex + settings.Count > int.MaxValue)
        {
            throw new InvalidInputException($"--first-index {settings.FirstIndex}: expected 0 or more, with room for {settings.Count} device(s)");
        }

        // Every log line on standard error (standard output is the device table), one line each.
        using var loggerFactory = LoggerFactory.Create(b => b
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
                o.ColorBehavior = AmtSim.Cli.Terminal.Terminal.StderrLive ? Microsoft.Extensions.Logging.Console.LoggerColorBehavior.Enabled : Microsoft.Extensions.Logging.Console.LoggerColorBehavior.Disabled;
            })
            .AddFilter("Microsoft", LogLevel.Warning)
            .SetMinimumLevel(LevelOf(settings.Verbosity)));
        var servers = new List<FirmwareWebServer>();
        try
        {
            await output.WriteLineAsync($"amtsim device serve: seed {settings.Seed}, {settings.Count} device(s), firmware {settings.Firmware}, HTTP {settings.Options.HttpPort}, TLS {settings.Options.TlsPort}, verbosity {settings.Verbosity.ToString().ToLowerInvariant()}");
            await output.WriteLineAsync($"knobs (AMTSIM_WEB_*, flags): {settings.Options}");
            await output.WriteLineAsync("address\tuuid\tfqdn\tfirmware\tstate\tadmin password\ttrusted hashes");
            for (var i = 0; i < settings.Count; i++)
            {
                var device = CreateDevice(settings, i);
                var server = new FirmwareWebServer(device, handler ?? new WsmanService(device, new WsmanServiceOptions { LoggerFactory = loggerFactory }), settings.Options with { NonceSeed = SeedDerivation.Derive(settings.Seed, settings.FirstIndex + i, "digest-nonce") }, loggerFactory);
                try
                {
                    server.Start();
                }
                catch (SocketException ex)
                {
                    throw new SetupException($"cannot listen on {device.Network.Address} ports {settings.Options.HttpPort}/{settings.Options.TlsPort}: {ex.Message}", ex);
                }

                servers.Add(server);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{device.Network.Address}\t{device.Identity.Uuid}\t{device.Network.Fqdn}\t{device.Identity.Firmware.Version}\t{device.State}/{device.ControlMode}\t{device.MebxPassword}\t{device.HashTable.Count}"));
            }

            await output.WriteLineAsync("serving; press Ctrl-C to stop");
            await output.FlushAsync(CancellationToken.None);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            // Ctrl-C or SIGTERM: the finally block closes every listener; a requested stop is success (issue 17).
            await output.WriteLineAsync($"stopping: closing {servers.Count} device(s)");
            await output.FlushAsync(CancellationToken.None);
            return ExitCodes.Success;
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>Device <paramref name="index"/> of this process (fleet index <c>FirstIndex + index</c>): identity from the seed derived from (run seed, fleet index), trusted table from <see cref="TrustedHashTable"/>.</summary>
    internal static AmtDevice CreateDevice(ServeSettings settings, int index)
    {
        var local = index;
        index = settings.FirstIndex + local;
        var random = new Random(SeedDerivation.Derive(settings.Seed, index, "device-identity"));
        var uuidBytes = new byte[16];
        random.NextBytes(uuidBytes);
        uuidBytes[7] = (byte)(uuidBytes[7] & 0x0f | 0x40);
        uuidBytes[8] = (byte)(uuidBytes[8] & 0x3f | 0x80);
        var macTail = new byte[3];
        random.NextBytes(macTail);
        var hostname = string.Create(CultureInfo.InvariantCulture, $"amt{index + 1:D3}");
        var identity = new DeviceIdentity
        {
            Uuid = new Guid(uuidBytes),
            Mac = $"8c:8c:aa:{macTail[0]:x2}:{macTail[1]:x2}:{macTail[2]:x2}",
            Hostname = hostname,
            Firmware = FirmwareProfile.For(settings.Firmware),
        };
        var device = new AmtDevice(identity, new DeviceClock(TimeProvider.System), TrustedHashTable.For(settings.Manifest, identity.Firmware))
        {
            MebxPassword = settings.AdminPassword,
            LocalSystemPassword = LocalSystemPasswords.For(SeedDerivation.Derive(settings.Seed, index, LocalSystemPasswords.SeedPurpose)),
        };
        device.Network.Address = Offset(settings.BaseAddress, local);
        device.Network.DhcpDomainSuffix = settings.Suffix;
        device.Network.Fqdn = settings.Suffix is null ? hostname : $"{hostname}.{settings.Suffix}";
        device.SetupCertificate = SetupCertificateFactory.Create(identity with { Hostname = device.Network.Fqdn }, device.Clock.Now);
        if (settings.Provisioned)
        {
            device.ProvisionedCertificate = device.SetupCertificate;
            device.Apply(LifecycleEvent.SetupSessionAccepted, "device serve --provisioned");
            device.Apply(LifecycleEvent.Committed, "device serve --provisioned");
        }

        return device;
    }

    private static IPAddress Offset(IPAddress baseAddress, int index)
    {
        var bytes = baseAddress.GetAddressBytes();
        var value = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]) + (uint)index;
        var address = new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
        if (address.GetAddressBytes()[0] != 127)
        {
            throw new InvalidInputException($"--base-address {baseAddress} + {index} leaves 127.0.0.0/8");
        }

        return address;
    }

    private static FirmwareVersion ParseFirmware(string text)
        => FirmwareVersion.TryParse(text, out var v) ? v : throw new InvalidInputException($"--firmware '{text}' is not a firmware version (e.g. 11.8 or 16.1.25.2124)");

    private static IPAddress ParseAddress(string text)
        => IPAddress.TryParse(text, out var a) && a.AddressFamily == AddressFamily.InterNetwork && a.GetAddressBytes()[0] == 127
            ? a
            : throw new InvalidInputException($"--base-address '{text}' is not an IPv4 address in 127.0.0.0/8");
}
