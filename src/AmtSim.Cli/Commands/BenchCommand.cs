using System.CommandLine;
using System.Text.Json;
using AmtSim.Scenarios.Bench;
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
        var allocations = new Option<bool>("--allocations") { Description = "Sample allocations by type and report the top types per device." };
        var fleet = new Command("fleet", "Provision N devices on the happy path (built-in service point, real TLS, real sockets on loopback) and report devices/s, latency percentiles, handshakes/s, RSA efficiency against `openssl speed`, CPU and memory.")
        {
            devices, seed, firmware, json, concurrency, allocations, partition,
        };
        fleet.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var fixtures = FixtureLocator.Find() ?? throw new SetupException("the fixture PKI (fixtures/pki) was not found; set AMTSIM_FIXTURES");
            FleetBenchmarkResult result;
            try
            {
                result = await new FleetBenchmark(fixtures).RunAsync(new FleetBenchmarkOptions
                {
                    Devices = Math.Max(1, parse.GetValue(devices)),
                    Seed = parse.GetValue(seed),
                    Firmware = parse.GetValue(firmware)!,
                    Concurrency = parse.GetValue(concurrency),
                    SampleAllocations = parse.GetValue(allocations),
                    Partition = parse.GetValue(partition),
                }, Console.Out, ct);
            }
            catch (InvalidOperationException ex)
            {
                await Console.Error.WriteLineAsync($"amtsim: bench failed: {ex.Message}");
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
        var bench = new Command("bench", "Benchmarks.") { fleet };
        return bench;
    }
}
