using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AmtSim.Benchmarks.Cira;
using AmtSim.Benchmarks.Fleet;
using AmtSim.Cli.Terminal;
using AmtSim.Runtime.Errors;
using AmtSim.Scenarios.Loading;
using AmtSim.Scenarios.World;

namespace AmtSim.Cli.Commands;

/// <summary><c>amtsim bench cira --devices N --hold 10m</c>: N devices CIRA-connected to one MPS, held with keep-alives (issue 15 item 4).</summary>
internal static class BenchCiraCommand
{
    public static Command Create()
    {
        var devices = new Option<int>("--devices") { Description = "Devices to connect.", DefaultValueFactory = _ => 100 };
        devices.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > CiraBenchmarkOptions.MaxDevices)
            {
                r.AddError($"--devices must be 1 to {CiraBenchmarkOptions.MaxDevices}");
            }
        });
        var hold = Duration("--hold", "How long every device is held connected after the last one connected (e.g. 30s, 10m).", "60s");
        var connectTimeout = Duration("--connect-timeout", "How long the devices get to connect (default: 60 s + 50 ms per device).", null);
        var seed = new Option<long>("--seed") { Description = "Run seed (device identities).", DefaultValueFactory = _ => 1 };
        var firmware = new Option<string>("--firmware") { Description = "Firmware of every device.", DefaultValueFactory = _ => "16.1.25.2124" };
        var partition = new Option<int?>("--partition") { Description = "Address partition (0-30) of the devices' 127.x source addresses (env AMTSIM_PARTITION). Default: a free one." };
        partition.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 0 or > AmtSim.Network.Addressing.LoopbackAddressAllocator.MaxPartition)
            {
                r.AddError($"--partition must be 0 to {AmtSim.Network.Addressing.LoopbackAddressAllocator.MaxPartition}");
            }
        });
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON (camelCase) on standard output instead of text; progress goes to standard error either way." };
        var output = new Option<string?>("--out") { Description = "Also write the figures as JSON to this file.", HelpName = "PATH" };
        var mps = new Option<string?>("--mps") { Description = "An MPS you run, as host:port (then --mps-root, --mps-user, --mps-password). Default: MeshCentral from the npm cache (.ci/install-node-deps.sh), started and stopped by the bench.", HelpName = "HOST:PORT" };
        var mpsRoot = new Option<string?>("--mps-root") { Description = "With --mps: the root certificate the MPS chains to (PEM or DER); each device trusts it (AddTrustedRootCertificate).", HelpName = "FILE" };
        var mpsUser = new Option<string?>("--mps-user") { Description = "With --mps: the APF username (MeshCentral: the device group id's first 16 characters, @ and $ as X)." };
        var mpsPassword = new Option<string?>("--mps-password") { Description = "The MPS password (with --mps: required; otherwise MeshCentral's settings.mpsPass, default Amtsim-Mps1!)." };
        var mpsName = new Option<string?>("--mps-name") { Description = "With --mps: the name the MPS certificate carries (AddMpServer CN; default the host)." };
        var mpsPort = new Option<int>("--mps-port") { Description = "Port of the MeshCentral the bench starts; on 4433 (the default, the CIRA scenarios' port) it takes their turn.", DefaultValueFactory = _ => CiraBenchmarkOptions.DefaultMpsPort };
        mpsPort.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 65535)
            {
                r.AddError("--mps-port must be 1 to 65535");
            }
        });
        var command = new Command("cira", "N provisioned devices, CIRA configured over their WS-Man classes, dial one MPS (MeshCentral by default) from their own 127.x addresses; reports connected devices, time to all connected, drops and keep-alives during --hold, CPU and memory per connected device on both sides.")
        {
            devices, hold, connectTimeout, seed, firmware, partition, json, output, mps, mpsRoot, mpsUser, mpsPassword, mpsName, mpsPort,
        };
        command.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var fixtures = FixtureLocator.Find() ?? throw new SetupException("the fixture PKI (fixtures/pki) was not found; set AMTSIM_FIXTURES");
            var external = parse.GetValue(mps) is { } endpoint
                ? External(endpoint, parse.GetValue(mpsRoot), parse.GetValue(mpsUser), parse.GetValue(mpsPassword), parse.GetValue(mpsName))
                : null;
            if (external is null && (parse.GetValue(mpsRoot) ?? parse.GetValue(mpsUser) ?? parse.GetValue(mpsName)) is not null)
            {
                throw new InvalidInputException("--mps-root, --mps-user and --mps-name describe an MPS you run: give --mps host:port too");
            }

            var given = parse.GetValue(partition) ?? (Environment.GetEnvironmentVariable("AMTSIM_PARTITION") is { Length: > 0 } ? AmtSim.Scenarios.Running.RunOptions.PartitionFromEnvironment() : null);
            var options = new CiraBenchmarkOptions
            {
                Devices = parse.GetValue(devices),
                Hold = parse.GetValue(hold) is { } h ? ParseDuration("--hold", h) : TimeSpan.FromSeconds(60),
                ConnectTimeout = parse.GetValue(connectTimeout) is { } c ? ParseDuration("--connect-timeout", c) : TimeSpan.Zero,
                Seed = parse.GetValue(seed),
                Firmware = parse.GetValue(firmware)!,
                External = external,
                MpsPort = parse.GetValue(mpsPort),
                MpsPassword = parse.GetValue(mpsPassword) ?? new CiraBenchmarkOptions().MpsPassword,
                Connected = new ProgressLine("bench: connected", Console.Error),
            };
            options.Validate();
            using var claim = given is null ? AmtSim.Scenarios.Running.PartitionClaim.ClaimFree(1) : null;
            options = options with { Partition = given ?? claim!.Partitions[0] };
            CiraBenchmarkResult result;
            try
            {
                result = await new CiraBenchmark(fixtures).RunAsync(options, Console.Error, ct);
            }
            catch (InvalidOperationException ex)
            {
                await Console.Error.WriteLineAsync($"amtsim: bench cira failed: {ex.Message}");
                return ExitCodes.Failed;
            }

            var text = JsonSerializer.Serialize(result, BenchJson.Context.CiraBenchmarkResult);
            Console.WriteLine(parse.GetValue(json) ? text : Summary(result));
            if (parse.GetValue(output) is { } path)
            {
                await File.WriteAllTextAsync(path, text + "\n", ct);
            }

            // The bench holds when every device connected and none dropped; otherwise the figures say how far it got.
            return result.Connected == result.Devices && result.Dropped == 0 ? ExitCodes.Success : ExitCodes.Failed;
        }));
        return command;
    }

    private static Option<string?> Duration(string name, string description, string? fallback)
    {
        var option = new Option<string?>(name) { Description = description, HelpName = "DURATION" };
        if (fallback is not null)
        {
            option.DefaultValueFactory = _ => fallback;
        }

        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && (!Durations.TryParse(text, out var d) || d < TimeSpan.Zero || d > TimeSpan.FromHours(24)))
            {
                r.AddError($"{name} must be a duration from 0s to 24h, a number and a unit (s, m, h): '{text}'");
            }
        });
        return option;
    }

    private static TimeSpan ParseDuration(string name, string text)
        => Durations.TryParse(text, out var d) ? d : throw new InvalidInputException($"{name}: '{text}' is not a duration");

    private static ExternalMps External(string endpoint, string? root, string? user, string? password, string? name)
    {
        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new InvalidInputException($"--mps must be host:port (port 1 to 65535): '{endpoint}'");
        }

        if (root is null || user is null || password is null)
        {
            throw new InvalidInputException("--mps needs --mps-root FILE (the MPS's root certificate), --mps-user and --mps-password");
        }

        if (!File.Exists(root))
        {
            throw new InvalidInputException($"--mps-root: no such file '{root}'");
        }

        return new ExternalMps(endpoint[..colon], port, root, user, password, name);
    }

    /// <summary>The figures as text, one per line (the JSON has them all).</summary>
    internal static string Summary(CiraBenchmarkResult r)
    {
        var c = CultureInfo.InvariantCulture;
        return string.Join('\n',
            string.Create(c, $"bench cira: {r.Connected}/{r.Devices} devices connected to {r.Mps} at {r.MpsEndpoint}{(r.SecondsToAllConnected is { } s ? $" in {s:0.00} s" : "")} (p50 {r.ConnectP50Ms:0} ms, p99 {r.ConnectP99Ms:0} ms), {r.FailedDials} failed dial(s), {r.DroppedWhileConnecting} drop(s) while connecting, seed {r.Seed}"),
            string.Create(c, $"  hold {r.HoldSeconds:0} s: {r.Dropped} dropped, {r.ConnectedAfterHold} connected after; keep-alives {r.KeepAlivesSent} sent, {r.KeepAlivesAnswered} answered ({r.KeepAlivesPerDevicePerMinute:0.0} per device per minute)"),
            string.Create(c, $"  simulator: CPU {r.ConnectCpuMsPerDevice:0.00} ms per device to connect, {r.HoldCpuMsPerDevicePerMinute:0.000} ms per device per minute held; RSS {r.RssMiB:0} MiB ({r.RssPerDeviceKiB:0.0} KiB per device, managed {r.ManagedPerDeviceKiB:0.0} KiB)"),
            r.MeshCentralConnected is null ? "  MPS: external (no counters)" : string.Create(c, $"  MeshCentral: {r.MeshCentralConnected} CIRA connections counted (lowest during the hold {r.MeshCentralMinDuringHold}, after {r.MeshCentralConnectedAfterHold}); CPU {r.MeshCentralConnectCpuSeconds:0.00} s to connect, {r.MeshCentralHoldCpuSeconds:0.00} s held; RSS {r.MeshCentralIdleRssMiB:0} MiB before the dials, {r.MeshCentralRssMiB:0} MiB after the hold ({r.MeshCentralRssPerDeviceKiB:0.0} KiB per device)"),
            r.Failures.Count == 0 ? "  no dial failed" : "  failures: " + string.Join("; ", r.Failures),
            "  (--json for every figure as JSON, --out PATH to keep them in a file)");
    }
}
