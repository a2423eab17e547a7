using System.CommandLine;
using System.Globalization;
using AmtSim.Network.Fleet;
using AmtSim.Runtime.Errors;

namespace AmtSim.Cli.Commands;

/// <summary><c>amtsim fleet --devices N --seed S [--json]</c>: a reproducible fleet (same seed, same output).</summary>
internal static class FleetCommand
{
    public const int MaxCount = 100_000;

    public static Command Create()
    {
        var count = new Option<int>("--devices") { Description = "Number of devices", DefaultValueFactory = _ => 10 };
        var seed = new Option<long>("--seed") { Description = "Run seed; the same seed gives the same fleet", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print JSON on standard output instead of a table" };
        var command = new Command("fleet", "Generate a seeded fleet of devices: UUIDs, Intel MACs, host names in each scope's suffix, firmware mix, SKUs.");
        command.Options.Add(count);
        command.Options.Add(seed);
        command.Options.Add(json);
        command.SetAction(parseResult => CliAction.Run(() =>
        {
            var n = parseResult.GetValue(count);
            if (n is < 0 or > MaxCount)
            {
                throw new InvalidInputException($"--devices {n} is outside 0..{MaxCount}");
            }

            var runSeed = parseResult.GetValue(seed);
            var devices = FleetGenerator.Generate(n, runSeed);
            if (parseResult.GetValue(json))
            {
                Console.Out.WriteLine(FleetJson.Write(runSeed, devices));
                return ExitCodes.Success;
            }

            Console.Out.WriteLine($"fleet of {devices.Count} devices, run seed {runSeed}");
            foreach (var d in devices)
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{d.Index,5}  {d.Uuid}  {d.Mac}  {d.Fqdn,-36}  AMT {d.Firmware.Major}.{d.Firmware.Minor}.{d.Firmware.Hotfix}.{d.Firmware.Build,-6} SKU {d.Sku,-6} {d.Profile.DefaultHashes.Count} hashes"));
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
