using System.CommandLine;
using System.Text.Json;
using AmtSim.Benchmarks.Fleet;
using AmtSim.Runtime.Determinism;
using AmtSim.Runtime.Errors;

namespace AmtSim.Cli.Commands;

/// <summary>
/// <c>amtsim bench merge FIGURES…</c>: the figures of the shards of one fleet (<c>bench fleet --shard I/N --json …</c>,
/// on one machine or as the pods of a cluster) as one run, with the missing shards named.
/// </summary>
internal static class BenchMergeCommand
{

    public static Command Create()
    {
        var files = new Argument<string[]>("figures") { Description = "The shards' JSON figures (bench fleet --shard I/N --out FILE).", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print the merged figures as JSON (camelCase) on standard output instead of text." };
        var output = new Option<string?>("--out") { Description = "Also write the merged figures as JSON to this file.", HelpName = "PATH" };
        var command = new Command("merge", "Combine the figures of a fleet split with --shard I/N: wall time from the first shard's start to the last one's end, latency percentiles over every device, CPU and memory per device. Exit 3 when a shard is missing.")
        {
            files, json, output,
        };
        command.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var results = new List<(string Path, FleetBenchmarkResult Result, Shard Shard)>();
            foreach (var path in parse.GetValue(files) ?? [])
            {
                FleetBenchmarkResult? result;
                try
                {
                    result = JsonSerializer.Deserialize(await File.ReadAllTextAsync(path, ct), BenchJson.Context.FleetBenchmarkResult);
                }
                catch (Exception ex) when (ex is JsonException or FileNotFoundException or DirectoryNotFoundException)
                {
                    throw new InvalidInputException($"{path}: not the figures of 'bench fleet' ({ex.Message})");
                }

                if (result is null)
                {
                    throw new InvalidInputException($"{path}: empty");
                }

                results.Add((path, result, Shard.Parse(result.Shard, $"{path}: shard")));
            }

            var count = results.Max(r => Math.Max(1, r.Shard.Count));
            var seen = new Dictionary<int, string>();
            foreach (var (path, result, shard) in results)
            {
                if (Math.Max(1, shard.Count) != count || result.Seed != results[0].Result.Seed || result.FleetDevices != results[0].Result.FleetDevices)
                {
                    throw new InvalidInputException($"{path}: shard {shard} of {result.FleetDevices} devices, seed {result.Seed} is not of the same split as {results[0].Path}");
                }

                if (!seen.TryAdd(shard.Index, path))
                {
                    throw new InvalidInputException($"{path}: shard {shard} is given twice (also {seen[shard.Index]})");
                }
            }

            FleetBenchmarkResult merged;
            try
            {
                merged = MultiProcessFleetBenchmark.Merge([.. results.Select(r => r.Result)]);
            }
            catch (InvalidOperationException ex)
            {
                throw new InvalidInputException($"bench merge: {ex.Message}");
            }

            var text = JsonSerializer.Serialize(merged with { Latencies = null, SessionLatencies = null, Identities = null }, BenchJson.Context.FleetBenchmarkResult);
            Console.WriteLine(parse.GetValue(json) ? text : BenchCommand.Summary(merged));
            if (parse.GetValue(output) is { } outputPath)
            {
                await File.WriteAllTextAsync(outputPath, text + "\n", ct);
            }

            var missing = Enumerable.Range(0, count).Where(i => !seen.ContainsKey(i)).ToList();
            if (missing.Count > 0)
            {
                await Console.Error.WriteLineAsync($"amtsim: missing shard(s) {string.Join(", ", missing.Select(i => $"{i}/{count}"))}: the figures cover {merged.Devices} of {merged.FleetDevices} devices");
                return ExitCodes.SetupError;
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
