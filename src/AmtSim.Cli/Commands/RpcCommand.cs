using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AmtSim.Agent.Rpc;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Host;
using AmtSim.Firmware.Profiles;
using AmtSim.Firmware.Web;
using AmtSim.Firmware.Wsman;
using AmtSim.Runtime.Determinism;
using AmtSim.Runtime.Errors;
using Microsoft.Extensions.Logging;

namespace AmtSim.Cli.Commands;

/// <summary>
/// <c>amtsim rpc activate|deactivate</c>: an rpc-go-compatible agent per simulated machine against
/// RPS. The devices run in this process (the same identities as <c>amtsim device serve</c> with the
/// same <c>--seed</c>/<c>--first-index</c>), each with its own host side (MEI facts, LMS) and its own
/// websocket to RPS, all at once. The exit code is rpc-go's (<see cref="RpcExitCode"/>): 0 when every
/// device succeeded, else the first failing device's code.
/// </summary>
internal static class RpcCommand
{
    public static Command Create()
    {
        var rpc = new Command("rpc", "An rpc-go-compatible agent: activate or deactivate simulated devices through Open AMT RPS.");
        rpc.Subcommands.Add(CreateAction(RpcAction.Activate));
        rpc.Subcommands.Add(CreateAction(RpcAction.Deactivate));
        return rpc;
    }

    private static Command CreateAction(RpcAction action)
    {
        var url = new Option<string?>("--url", "-u") { Description = "RPS's websocket, e.g. ws://127.0.0.1:8080/activate." };
        var profile = new Option<string?>("--profile") { Description = action == RpcAction.Activate ? "RPS profile to activate with." : "RPS profile the devices are first activated with (they live in this process, so they start unprovisioned)." };
        var dns = new Option<string?>("--dns-suffix", "-d") { Description = "DNS suffix reported to RPS in place of the device's own (rpc's -d)." };
        var password = new Option<string?>("--password") { Description = action == RpcAction.Activate ? "AMT password (only for an already activated device)." : "AMT password of the activated devices (the profile's)." };
        var count = new Option<int>("--devices") { Description = "Number of devices, all activated at once.", DefaultValueFactory = _ => 1 };
        var seed = new Option<long>("--seed") { Description = "Run seed: the same seed gives the same devices (UUIDs, passwords).", DefaultValueFactory = _ => 1 };
        var firstIndex = new Option<int>("--first-index") { Description = "Fleet index of the first device (as device serve).", DefaultValueFactory = _ => 0 };
        var firmware = new Option<string>("--firmware") { Description = "Firmware version (below 19: RPS's ACM path for 19+ is not simulated).", DefaultValueFactory = _ => "16.1.25.2124" };
        var suffix = new Option<string?>("--suffix") { Description = "DHCP option 15 of the devices (the OS's DNS suffix and the device's trusted suffix)." };
        var pkiSuffix = new Option<string?>("--pki-dns-suffix") { Description = "MEBx PKI DNS suffix of the devices (rpc reports it before the OS's)." };
        var baseAddress = new Option<string>("--base-address") { Description = "Loopback address of the first device; the next ones follow.", DefaultValueFactory = _ => "127.30.0.1" };
        var shard = new Option<string?>("--shard") { Description = "Only part I of N (I from 0) of the fleet of --devices N, with the identities and addresses those devices have in one process (one agent process per shard, e.g. per pod)." };
        var command = new Command(action == RpcAction.Activate ? "activate" : "deactivate",
            action == RpcAction.Activate
                ? "Activate N simulated devices through RPS, each with its own websocket."
                : "Activate N simulated devices with --profile, then deactivate them with --password.");
        foreach (var o in new Option[] { url, profile, dns, password, count, seed, firstIndex, firmware, suffix, pkiSuffix, baseAddress, shard })
        {
            command.Options.Add(o);
        }

        command.SetAction((parse, cancellationToken) => CliAction.RunAsync(async () =>
        {
            var urlText = parse.GetValue(url);
            if (string.IsNullOrWhiteSpace(urlText) || !Uri.TryCreate(urlText, UriKind.Absolute, out var uri) || uri.Scheme is not ("ws" or "wss"))
            {
                await Console.Error.WriteLineAsync($"amtsim rpc: -u '{urlText}': expected RPS's websocket URL, e.g. ws://127.0.0.1:8080/activate ({RpcExitCode.NameOf(RpcExitCode.MissingOrIncorrectUrl)})");
                return RpcExitCode.MissingOrIncorrectUrl;
            }

            if (string.IsNullOrWhiteSpace(parse.GetValue(profile)))
            {
                await Console.Error.WriteLineAsync($"amtsim rpc: --profile is required ({RpcExitCode.NameOf(RpcExitCode.MissingOrIncorrectProfile)})");
                return RpcExitCode.MissingOrIncorrectProfile;
            }

            if (action == RpcAction.Deactivate && string.IsNullOrEmpty(parse.GetValue(password)))
            {
                await Console.Error.WriteLineAsync($"amtsim rpc: deactivate needs --password ({RpcExitCode.NameOf(RpcExitCode.MissingOrIncorrectPassword)})");
                return RpcExitCode.MissingOrIncorrectPassword;
            }

            var settings = new DeviceCommand.ServeSettings(
                parse.GetValue(count),
                parse.GetValue(seed),
                FirmwareVersion.TryParse(parse.GetValue(firmware), out var v) ? v : throw new InvalidInputException($"--firmware '{parse.GetValue(firmware)}' is not a firmware version (e.g. 16.1.25.2124)"),
                parse.GetValue(suffix),
                AmtDevice.FactoryMebxPassword,
                IPAddress.TryParse(parse.GetValue(baseAddress), out var a) && a.AddressFamily == AddressFamily.InterNetwork && a.GetAddressBytes()[0] == 127 ? a : throw new InvalidInputException($"--base-address '{parse.GetValue(baseAddress)}' is not an IPv4 address in 127.0.0.0/8"),
                FirmwareWebServerOptions.FromEnvironment(),
                DeviceCommand.LoadManifest(),
                parse.GetValue(firstIndex));
            if (parse.GetValue(shard) is { } part)
            {
                settings = DeviceCommand.ForShard(settings, AmtSim.Runtime.Determinism.Shard.Parse(part));
            }

            return await RunAsync(action, settings, uri, parse.GetValue(profile)!, parse.GetValue(dns), parse.GetValue(password), parse.GetValue(pkiSuffix), Console.Out, cancellationToken);
        }));
        return command;
    }

    internal static async Task<int> RunAsync(RpcAction action, DeviceCommand.ServeSettings settings, Uri url, string profile, string? dnsSuffix, string? password, string? pkiDnsSuffix, TextWriter output, CancellationToken cancellationToken)
    {
        if (settings.Count is < 1 or > 10000)
        {
            throw new InvalidInputException($"--devices {settings.Count}: expected 1 to 10000 devices");
        }

        using var loggerFactory = LoggerFactory.Create(b => b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning));
        var servers = new List<FirmwareWebServer>();
        try
        {
            var hosts = new List<HostMachine>();
            for (var i = 0; i < settings.Count; i++)
            {
                var device = DeviceCommand.CreateDevice(settings, i);
                device.Network.PkiDnsSuffix = pkiDnsSuffix;
                var server = new FirmwareWebServer(device, new WsmanService(device, new WsmanServiceOptions { LoggerFactory = loggerFactory }), settings.Options with { NonceSeed = SeedDerivation.Derive(settings.Seed, settings.FirstIndex + i, "digest-nonce") }, loggerFactory);
                try
                {
                    server.Start();
                }
                catch (SocketException ex)
                {
                    throw new SetupException($"cannot listen on {device.Network.Address} ports {settings.Options.HttpPort}/{settings.Options.TlsPort}: {ex.Message}", ex);
                }

                servers.Add(server);
                hosts.Add(new HostMachine(device, settings.Options.HttpPort, settings.Options.TlsPort));
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"amtsim rpc {(action == RpcAction.Activate ? "activate" : "deactivate")}: {settings.Count} device(s), seed {settings.Seed}, firmware {settings.Firmware}, RPS {url}, profile {profile}"));
            var agentOptions = new RpcAgentOptions { Logger = loggerFactory.CreateLogger("AmtSim.Agent") };
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var outcomes = await Task.WhenAll(hosts.Select(async host =>
            {
                var agent = new RpcAgent(host, agentOptions);
                var activated = await agent.RunAsync(new AmtSim.Agent.Rpc.RpcCommand(RpcAction.Activate, url, profile, dnsSuffix, action == RpcAction.Activate ? password : null), cancellationToken);
                return action == RpcAction.Activate || activated.ExitCode != RpcExitCode.Success
                    ? activated
                    : await agent.RunAsync(new AmtSim.Agent.Rpc.RpcCommand(RpcAction.Deactivate, url, profile, dnsSuffix, password), cancellationToken);
            }));
            clock.Stop();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            await output.WriteLineAsync("address\tuuid\texit\tstate\tresult");
            for (var i = 0; i < outcomes.Length; i++)
            {
                var o = outcomes[i];
                var device = servers[i].Device;
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{device.Network.Address}\t{o.Uuid}\t{o.ExitCode} {o.ExitName}\t{device.State}/{device.ControlMode}\t{string.Join(" | ", o.Lines)}"));
            }

            var succeeded = outcomes.Count(o => o.ExitCode == RpcExitCode.Success);
            var seconds = Math.Max(clock.Elapsed.TotalSeconds, 0.001);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{succeeded} of {outcomes.Length} succeeded in {seconds:0.0} s ({outcomes.Length / seconds * 60:0} devices/min); {outcomes.Sum(o => o.WsmanCalls)} WS-Man calls relayed; simulator CPU {cpu.TotalSeconds:0.0} s ({cpu.TotalSeconds / seconds / Environment.ProcessorCount * 100:0}% of {Environment.ProcessorCount} cores)"));
            await output.FlushAsync(CancellationToken.None);
            return outcomes.FirstOrDefault(o => o.ExitCode != RpcExitCode.Success)?.ExitCode ?? RpcExitCode.Success;
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }
}
