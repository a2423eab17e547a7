using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using AmtSim.Benchmarks.Fleet;
using AmtSim.Scenarios.World;

namespace AmtSim.Cli.Commands;

/// <summary><c>amtsim bench fleet --devices N</c>: provisions a fleet end to end and reports the figures (issue 8).</summary>
internal static class BenchCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var devices = new Option<int>("--devices") { Description = "Devices to provision.", DefaultValueFactory = _ => 100 };
        var seed = new Option<long>("--seed") { Description = "Run seed.", DefaultValueFactory = _ => 1 };
        var firmware = new Option<string>("--firmware") { Description = "Firmware of every device (picks TLS 1.2 from 12).", DefaultValueFactory = _ => "16.1.25.2124" };
        var json = new Option<string?>("--json") { Description = "Also write the figures as JSON here." };
        var concurrency = new Option<int>("--concurrency") { Description = "Provisioning tasks the service point runs at once (0: no limit).", DefaultValueFactory = _ => 64 };
        concurrency.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--concurrency must be 0 (no limit) or more");
            }
        });
        var partition = new Option<int>("--partition") { Description = "Address partition (0-20) of the fleet's 127.x addresses.", DefaultValueFactory = _ => AmtSim.Scenarios.Running.RunOptions.PartitionFromEnvironment() };
        partition.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > AmtSim.Network.Addressing.LoopbackAddressAllocator.MaxPartition)
            {
                r.AddError($"--partition must be 0 to {AmtSim.Network.Addressing.LoopbackAddressAllocator.MaxPartition}");
            }
        });
        var processes = new Option<int>("--processes") { Description = "Processes to spread the devices over (0: as many as the hard open-file limit requires).", DefaultValueFactory = _ => 0 };
        processes.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 16)
            {
                r.AddError("--processes must be 0 (automatic) to 16");
            }
        });
        var child = new Option<bool>("--child") { Description = "Internal: one process of a multi-process run.", Hidden = true };
        var allocations = new Option<bool>("--allocations") { Description = "Sample allocations by type and report the top types per device." };
        var fleet = new Command("fleet", "Provision N devices on the happy path (built-in service point, real TLS, real sockets on loopback) and report devices/s, latency percentiles, handshakes/s, RSA efficiency against `openssl speed`, CPU and memory.")
        {
            devices, seed, firmware, json, concurrency, allocations, partition, processes, child,
        };
        fleet.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var fixtures = FixtureLocator.Find() ?? throw new SetupException("the fixture PKI (fixtures/pki) was not found; set AMTSIM_FIXTURES");
            FleetBenchmarkResult result;
            try
            {
                var options = new FleetBenchmarkOptions
                {
                    Devices = Math.Max(1, parse.GetValue(devices)),
                    Seed = parse.GetValue(seed),
                    Firmware = parse.GetValue(firmware)!,
                    Concurrency = parse.GetValue(concurrency),
                    SampleAllocations = parse.GetValue(allocations),
                    Partition = parse.GetValue(partition),
                    Child = parse.GetValue(child),
                };
                var split = parse.GetValue(processes) is > 0 and var p ? p
                    : options.Child ? 1 : FleetBenchmark.ProcessesNeeded(options.Devices, options.Concurrency, ResourceLimits.HardOpenFileLimit());
                result = split > 1
                    ? await new MultiProcessFleetBenchmark(StartSelf).RunAsync(options, split, Console.Out, ct)
                    : await new FleetBenchmark(fixtures).RunAsync(options, Console.Out, ct);
            }
            catch (InvalidOperationException ex)
            {
                await Console.Error.WriteLineAsync($"amtsim: bench failed: {ex.Message}");
                return ExitCodes.Failed;
            }

            var text = JsonSerializer.Serialize(result, Indented);
            if (!parse.GetValue(child))
            {
                Console.WriteLine(text);
            }

            if (parse.GetValue(json) is { } path)
            {
                await File.WriteAllTextAsync(path, text + "\n", ct);
            }

            return ExitCodes.Success;
        }));
        var bench = new Command("bench", "Benchmarks.") { fleet, CreateTls() };
        return bench;
    }

    /// <summary><c>amtsim bench tls</c>: the device's TLS server and AmtSim's TLS client side by side with openssl (issue 20).</summary>
    private static Command CreateTls()
    {
        var seconds = new Option<double>("--seconds") { Description = "Seconds of handshakes per line.", DefaultValueFactory = _ => 5 };
        var concurrency = new Option<int>("--concurrency") { Description = "AmtSim client connections at once.", DefaultValueFactory = _ => 2 };
        var firmware = new Option<string>("--firmware") { Description = "Firmware of the device (TLS 1.2 needs 12 or later).", DefaultValueFactory = _ => "16.1.25.2124" };
        var json = new Option<string?>("--json") { Description = "Also write the figures as JSON here." };
        foreach (var o in new Option[] { seconds, concurrency })
        {
            o.Validators.Add(r =>
            {
                if (Convert.ToDouble(r.GetValueOrDefault<object>(), System.Globalization.CultureInfo.InvariantCulture) is <= 0 or > 600)
                {
                    r.AddError($"{o.Name} must be more than 0 and at most 600");
                }
            });
        }

        var tls = new Command("tls", "Handshakes/s and CPU per handshake on each side: the AmtSim device on 16993 (setup and provisioned mode) against openssl s_server with the same key type, chain, suite and client-certificate request; AmtSim's TLS client against openssl s_time.")
        {
            seconds, concurrency, firmware, json,
        };
        tls.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var fixtures = FixtureLocator.Find() ?? throw new SetupException("the fixture PKI (fixtures/pki) was not found; set AMTSIM_FIXTURES");
            var options = new AmtSim.Benchmarks.Tls.TlsBenchmarkOptions
            {
                Seconds = parse.GetValue(seconds),
                Concurrency = parse.GetValue(concurrency),
                Firmware = parse.GetValue(firmware)!,
            };
            AmtSim.Benchmarks.Tls.TlsBenchmarkResult result;
            try
            {
                result = await new AmtSim.Benchmarks.Tls.TlsBenchmark(fixtures, StartSelf).RunAsync(options, Console.Out, ct);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
            {
                await Console.Error.WriteLineAsync($"amtsim: bench tls failed: {ex.Message}");
                return ExitCodes.Failed;
            }

            var text = JsonSerializer.Serialize(result, Indented);
            Console.WriteLine(text);
            if (parse.GetValue(json) is { } path)
            {
                await File.WriteAllTextAsync(path, text + "\n", ct);
            }

            return ExitCodes.Success;
        }));
        return tls;
    }

    /// <summary>This amtsim again (through the dotnet host when it runs as amtsim.dll).</summary>
    private static ProcessStartInfo StartSelf(IReadOnlyList<string> args)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host);
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(BenchCommand).Assembly.Location);
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        return start;
    }
}
