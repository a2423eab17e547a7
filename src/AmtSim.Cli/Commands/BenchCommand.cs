using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using AmtSim.Benchmarks.Faults;
using AmtSim.Benchmarks.Fleet;
using AmtSim.Cli.Terminal;
using AmtSim.Scenarios.World;

namespace AmtSim.Cli.Commands;

/// <summary><c>amtsim bench fleet --devices N</c>: provisions a fleet end to end and reports the figures (issue 8).</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var devices = new Option<int>("--devices") { Description = "Devices to provision.", DefaultValueFactory = _ => 100 };
        var seed = new Option<long>("--seed") { Description = "Run seed.", DefaultValueFactory = _ => 1 };
        var firmware = new Option<string>("--firmware") { Description = "Firmware of every device (picks TLS 1.2 from 12).", DefaultValueFactory = _ => "16.1.25.2124" };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON (camelCase) on standard output instead of text; progress goes to standard error either way." };
        var output = new Option<string?>("--out") { Description = "Also write the figures as JSON to this file.", HelpName = "PATH" };
        var concurrency = new Option<int>("--concurrency") { Description = "Provisioning tasks the service point runs at once (0: no limit).", DefaultValueFactory = _ => 64 };
        concurrency.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--concurrency must be 0 (no limit) or more");
            }
        });
        var partition = new Option<int?>("--partition") { Description = "Address partition (0-30) of the fleet's 127.x addresses (env AMTSIM_PARTITION). Default: a free one, so shards and runs side by side never collide." };
        partition.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 0 or > AmtSim.Network.Addressing.LoopbackAddressAllocator.MaxPartition)
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
        var shard = new Option<string?>("--shard") { Description = "Provision only part I of N of the fleet of --devices (I from 0), the same devices as in the whole run; combine the N figures with 'bench merge'." };
        var child = new Option<bool>("--child") { Description = "Internal: one process of a multi-process run.", Hidden = true };
        var allocations = new Option<bool>("--allocations") { Description = "Sample allocations by type and report the top types per device." };
        var profile = new Option<bool>("--profile") { Description = "Break CPU and allocation per device down by phase (device network, TLS on each end, chain check, HTTP, WS-Man on each end, CA, RSA private-key operations, virtual clock; the rest unattributed). Linux." };
        var fleet = new Command("fleet", "Provision N devices on the happy path (built-in service point, real TLS, real sockets on loopback) and report devices/s, latency percentiles, handshakes/s, RSA efficiency against `openssl speed`, CPU and memory.")
        {
            devices, seed, firmware, json, output, concurrency, allocations, profile, partition, processes, shard, child,
        };
        fleet.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var fixtures = FixtureLocator.Find() ?? throw new SetupException("the fixture PKI (fixtures/pki) was not found; set AMTSIM_FIXTURES");
            FleetBenchmarkResult result;
            var given = parse.GetValue(partition) ?? (Environment.GetEnvironmentVariable("AMTSIM_PARTITION") is { Length: > 0 } ? AmtSim.Scenarios.Running.RunOptions.PartitionFromEnvironment() : null);
            using var claim = given is null && !parse.GetValue(child) && (parse.GetValue(processes) <= 1 || parse.GetValue(shard) is not null) ? AmtSim.Scenarios.Running.PartitionClaim.ClaimFree(1) : null;
            given ??= claim?.Partitions[0];
            var isChild = parse.GetValue(child);
            // A child's lines go to its parent on standard output (the parent prefixes and relays them);
            // otherwise standard output is the result alone, and progress goes to standard error.
            var progress = isChild ? Console.Out : Console.Error;
            try
            {
                var options = new FleetBenchmarkOptions
                {
                    Devices = Math.Max(1, parse.GetValue(devices)),
                    Seed = parse.GetValue(seed),
                    Firmware = parse.GetValue(firmware)!,
                    Concurrency = parse.GetValue(concurrency),
                    SampleAllocations = parse.GetValue(allocations),
                    Profile = parse.GetValue(profile),
                    Partition = given ?? 0,
                    Child = isChild,
                    Shard = parse.GetValue(shard) is { } part ? AmtSim.Runtime.Determinism.Shard.Parse(part) : AmtSim.Runtime.Determinism.Shard.Whole,
                    ShardGiven = parse.GetValue(shard) is not null,
                    Provisioned = new ProgressLine("bench: provisioned", progress, live: isChild ? false : null),
                };
                if (options.Profile && !AmtSim.Runtime.Profiling.PhaseProfiler.IsSupported)
                {
                    throw new AmtSim.Runtime.Errors.InvalidInputException("--profile reads the thread CPU clock, which only Linux has here");
                }

                if (!options.Shard.IsWhole && parse.GetValue(processes) > 1)
                {
                    throw new AmtSim.Runtime.Errors.InvalidInputException("--shard and --processes: a shard runs in one process; split the fleet into more shards instead");
                }

                var split = parse.GetValue(processes) is > 0 and var p ? p
                    : options.Child || !options.Shard.IsWhole ? 1 : FleetBenchmark.ProcessesNeeded(options.Devices, options.Concurrency, ResourceLimits.HardOpenFileLimit());
                if (options.Profile && split > 1)
                {
                    throw new AmtSim.Runtime.Errors.InvalidInputException($"--profile measures one process, and this fleet runs in {split} (--processes, or the open-file limit); profile fewer devices");
                }

                result = split > 1
                    ? await new MultiProcessFleetBenchmark(StartSelf).RunAsync(options, split, progress, ct)
                    : await new FleetBenchmark(fixtures).RunAsync(options, progress, ct);
            }
            catch (InvalidOperationException ex)
            {
                await Console.Error.WriteLineAsync($"amtsim: bench failed: {ex.Message}");
                return ExitCodes.Failed;
            }

            var text = JsonSerializer.Serialize(result, BenchJson.Context.FleetBenchmarkResult);
            if (!isChild)
            {
                Console.WriteLine(parse.GetValue(json) ? text : Summary(result));
            }

            if (parse.GetValue(output) is { } path)
            {
                await File.WriteAllTextAsync(path, text + "\n", ct);
            }

            return ExitCodes.Success;
        }));
        var bench = new Command("bench", "Benchmarks.") { fleet, BenchMergeCommand.Create(), Faults(partition), CreateTls(), BenchCiraCommand.Create() };
        return bench;
    }

    /// <summary>The figures as text, one per line (the JSON has them all).</summary>
    internal static string Summary(FleetBenchmarkResult r)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        return string.Join('\n', (string[])[
            string.Create(c, $"bench fleet: {r.Provisioned}/{r.Devices} devices provisioned in {r.WallSeconds:0.00} s ({r.DevicesPerSecond:0.0} devices/s), firmware {r.Firmware}, seed {r.Seed}, {r.Build} build"),
            string.Create(c, $"  before that, the world was built and every device booted and listened in {r.BootSeconds:0.00} s ({r.BootCpuMsPerDevice:0.00} ms CPU per device)"),
            string.Create(c, $"  the last provisioned at {r.LastProvisionedSeconds:0.00} s; the rest is the world's end (its clock to the scenario's end, the log, the observation, the listeners closed)"),
            string.Create(c, $"  latency p50 {r.P50Ms:0} ms, p95 {r.P95Ms:0} ms, p99 {r.P99Ms:0} ms; setup session p50 {r.SessionP50Ms:0} ms"),
            string.Create(c, $"  handshakes/s {r.HandshakesPerSecond:0.0}; RSA ops per device {r.RsaOpsPerDevice}, RSA-bound ratio {r.RsaBoundRatio:0.00}{OpenSslRates(r)}"),
            string.Create(c, $"  CPU {r.CpuSecondsPerDevice * 1000:0.0} ms per device ({r.CpuSecondsPerDeviceToLastProvisioned * 1000:0.0} up to the last provisioned), {r.AllocatedBytesPerDevice / 1024.0:0} KiB allocated per device, peak RSS {r.PeakRssMiB:0} MiB"),
            .. AllocationLines(r),
            .. ProfileLines(r),
            "  (--json for every figure as JSON, --out PATH to keep them in a file)"]);
    }

    /// <summary>What the ratio was divided by: openssl before and after the run when both were measured (shards merged from older figures may have only the mean).</summary>
    private static string OpenSslRates(FleetBenchmarkResult r)
        => r.OpenSslRsaSignsPerSecondBefore > 0 && r.OpenSslRsaSignsPerSecondAfter > 0
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" (openssl speed {r.OpenSslRsaSignsPerSecondBefore:0} before the run, {r.OpenSslRsaSignsPerSecondAfter:0} after)")
            : r.OpenSslRsaSignsPerSecond > 0 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" (openssl speed {r.OpenSslRsaSignsPerSecond:0})") : "";

    /// <summary>The <c>--allocations</c> table: the sampled types that took the most bytes, per device, and the large-object-heap share.</summary>
    internal static IEnumerable<string> AllocationLines(FleetBenchmarkResult r)
    {
        if (r.TopAllocations is not { } rows)
        {
            yield break;
        }

        var c = System.Globalization.CultureInfo.InvariantCulture;
        yield return string.Create(c, $"  sampled allocation per device by type (KiB, share; large-object heap {r.LargeObjectBytesPerDevice / 1024.0 ?? 0:0.0} KiB):");
        foreach (var row in rows)
        {
            yield return string.Create(c, $"    {row.BytesPerDevice / 1024,8:0.0} {row.Share * 100,6:0.0} %  {row.Type}");
        }
    }

    /// <summary>The <c>--profile</c> table: one line per phase, the largest first, the unattributed rest last.</summary>
    internal static IEnumerable<string> ProfileLines(FleetBenchmarkResult r)
    {
        if (r.Profile is not { } rows)
        {
            yield break;
        }

        var c = System.Globalization.CultureInfo.InvariantCulture;
        yield return "  profile per device: phase, CPU ms, share of CPU, KiB allocated, entries";
        foreach (var row in rows.Where(p => p.Phase != PhaseShare.Unattributed).OrderByDescending(p => p.CpuMsPerDevice).Append(rows.Single(p => p.Phase == PhaseShare.Unattributed)))
        {
            yield return string.Create(c, $"    {row.Phase,-22} {row.CpuMsPerDevice,7:0.00} {row.CpuShare * 100,6:0.0} % {row.AllocatedKiBPerDevice,8:0.0} {row.EntriesPerDevice,7:0.0}");
        }

        yield return string.Create(c, $"    of the unattributed rest: JIT compilation {r.JitMsPerDevice:0.00} ms, GC pauses {r.GcPauseMsPerDevice:0.00} ms (wall) per device");
    }

    /// <summary><c>amtsim bench faults</c>: the fault matrix of issue 17 item 5 (docs/faults.md).</summary>
    private static Command Faults(Option<int?> partition)
    {
        var devices = new Option<int>("--devices") { Description = "Devices in each step's world.", DefaultValueFactory = _ => 100 };
        var perCell = new Option<int>("--per-cell") { Description = "Devices faulted per cell (step x fault x side).", DefaultValueFactory = _ => 3 };
        var seed = new Option<long>("--seed") { Description = "Run seed (picks the faulted devices).", DefaultValueFactory = _ => 1 };
        var steps = new Option<string[]>("--step") { Description = "Only this step (repeatable): " + string.Join(", ", AmtSim.Scenarios.World.Faults.FaultPoints.Steps), AllowMultipleArgumentsPerToken = true };
        steps.Validators.Add(r =>
        {
            foreach (var s in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (!AmtSim.Scenarios.World.Faults.FaultPoints.Steps.Contains(s))
                {
                    r.AddError($"--step: '{s}' is not one of: {string.Join(", ", AmtSim.Scenarios.World.Faults.FaultPoints.Steps)}");
                }
            }
        });
        var output = new Option<string?>("--out") { Description = "Also write the cells as JSON (camelCase) to this file.", HelpName = "PATH" };
        var markdown = new Option<string?>("--markdown") { Description = "Also write the matrix as a Markdown table here." };
        var command = new Command("faults", "The fault matrix: at every step (DHCP, DNS, hello, TLS handshake, each WS-Man exchange, the CA request) each fault that applies there (reset, stall, garbage, HTTP 500, SOAP fault, CA unavailable) on a few devices of a fleet; prints step x fault -> end states and reasons, and whether the rest of the fleet provisioned. Exit 1 when any cell loses a device, hangs, or stops the rest.")
        {
            devices, perCell, seed, steps, output, markdown, partition,
        };
        command.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var fixtures = FixtureLocator.Find() ?? throw new SetupException("the fixture PKI (fixtures/pki) was not found; set AMTSIM_FIXTURES");
            var options = new FaultMatrixOptions
            {
                Devices = Math.Max(2, parse.GetValue(devices)),
                PerCell = Math.Max(1, parse.GetValue(perCell)),
                Seed = parse.GetValue(seed),
                Steps = parse.GetValue(steps) ?? [],
                Partition = parse.GetValue(partition) ?? AmtSim.Scenarios.Running.RunOptions.PartitionFromEnvironment(),
            };
            ResourceLimits.EnsureOpenFiles(FleetBenchmark.OpenFilesNeeded(options.Devices, options.Concurrency));
            await Console.Out.WriteLineAsync($"bench faults: {options.Devices} device(s) per world, {options.PerCell} per cell, seed {options.Seed}");
            IReadOnlyList<FaultCellResult> cells;
            try
            {
                cells = await new FaultMatrix(fixtures).RunAsync(options, Console.Out, ct);
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync($"amtsim: bench faults: {ex.Message}");
                return ExitCodes.InvalidInput;
            }

            var table = FaultMatrix.Markdown(cells);
            Console.WriteLine(table);
            if (parse.GetValue(markdown) is { } md)
            {
                await File.WriteAllTextAsync(md, table, ct);
            }

            if (parse.GetValue(output) is { } path)
            {
                await File.WriteAllTextAsync(path, JsonSerializer.Serialize(cells, BenchJson.Context.IReadOnlyListFaultCellResult) + "\n", ct);
            }

            var holds = FaultMatrix.AllHold(cells);
            Console.WriteLine(holds
                ? $"bench faults: {cells.Count} cell(s): every faulted device ended in a named state with a reason, nothing lost, every world ended, the rest provisioned"
                : "bench faults: some cells do not hold (see the rows marked **no**, 'never applied', a faulted device provisioned, or the rest not all provisioned)");
            return holds ? ExitCodes.Success : ExitCodes.Failed;
        }));
        return command;
    }

    /// <summary><c>amtsim bench tls</c>: the device's TLS server and AmtSim's TLS client side by side with openssl (issue 20).</summary>
    private static Command CreateTls()
    {
        var seconds = new Option<double>("--seconds") { Description = "Seconds of handshakes per line.", DefaultValueFactory = _ => 5 };
        var concurrency = new Option<int>("--concurrency") { Description = "AmtSim client connections at once.", DefaultValueFactory = _ => 2 };
        var firmware = new Option<string>("--firmware") { Description = "Firmware of the device (TLS 1.2 needs 12 or later).", DefaultValueFactory = _ => "16.1.25.2124" };
        var json = new Option<string?>("--out") { Description = "Also write the figures as JSON (camelCase) to this file.", HelpName = "PATH" };
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

            var text = JsonSerializer.Serialize(result, BenchJson.Context.TlsBenchmarkResult);
            Console.WriteLine(text);
            if (parse.GetValue(json) is { } path)
            {
                await File.WriteAllTextAsync(path, text + "\n", ct);
            }

            return ExitCodes.Success;
        }));
        return tls;
    }

    /// <summary>This amtsim again: the native executable itself, or amtsim.dll through the dotnet host.</summary>
    private static ProcessStartInfo StartSelf(IReadOnlyList<string> args)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host);
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "amtsim.dll"));
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        return start;
    }
}
