using System.CommandLine;
using AmtSim.Scenarios.Reports;
using AmtSim.Scenarios.Sharding;

namespace AmtSim.Cli.Commands;

/// <summary>
/// <c>amtsim merge OUTPUTS…</c>: the N outputs of a sharded run (<c>amtsim run --shard I/N --out …</c>)
/// as one run: one report, the expectations checked over the whole fleet, the missing shards named.
/// </summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("outputs") { Description = "The shards' --out files (or folders holding them as *.json).", Arity = ArgumentArity.OneOrMore };
        var junit = new Option<string?>("--junit") { Description = "Write JUnit XML of the merged run here." };
        var report = new Option<string?>("--report") { Description = "Write the self-contained HTML report of the merged run here." };
        var output = new Option<string?>("--out") { Description = "Write the merged results as JSON here (the format of 'run --out')." };
        var json = new Option<bool>("--json") { Description = "Print the merged results as JSON on stdout instead of text; the text goes to stderr." };
        var command = new Command("merge", "Combine the outputs of a run split with --shard I/N into one run and check its expectations. Exit codes as 'run': 0 all passed, 1 some failed, 2 invalid input, 3 a shard missing or a setup error.")
        {
            files, junit, report, output, json,
        };
        command.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var asJson = parse.GetValue(json);
            var console = asJson ? Console.Error : Console.Out;
            var outputs = new List<(string, RunDocument)>();
            foreach (var path in Expand(parse.GetValue(files) ?? []))
            {
                outputs.Add((path, await ReadAsync(path, ct)));
            }

            var merged = RunMerger.Merge(outputs);
            console.WriteLine($"amtsim: merging {outputs.Count} of {merged.Shards} shard output(s)");
            foreach (var r in merged.Results)
            {
                RunCommand.PrintResult(console, r);
            }

            if (merged.Missing.Count > 0)
            {
                console.WriteLine($"missing: shard(s) {string.Join(", ", merged.Missing.Select(i => $"{i}/{merged.Shards}"))}; their devices are in no result");
            }

            if (parse.GetValue(junit) is { } junitPath)
            {
                await RunCommand.WriteAsync(junitPath, JUnitReport.Render(merged.Results, ["merged"]));
            }

            if (parse.GetValue(report) is { } reportPath)
            {
                await RunCommand.WriteAsync(reportPath, HtmlReport.Render(merged.Results, merged.Seed, merged.EndedAt));
            }

            var document = merged.ToDocument().ToJson();
            if (parse.GetValue(output) is { } documentPath)
            {
                await RunCommand.WriteAsync(documentPath, document);
            }

            if (asJson)
            {
                await Console.Out.WriteLineAsync(document);
            }

            var code = RunCommand.Summarize(console, merged.Results, $"; wall time {(merged.EndedAt - merged.StartedAt).TotalSeconds:0.0} s from the first shard's start", interrupted: false);
            return merged.Missing.Count > 0 && code is ExitCodes.Success or ExitCodes.Failed ? ExitCodes.SetupError : code;
        }));
        return command;
    }

    /// <summary>Files as given; a folder stands for its *.json files in name order.</summary>
    private static IEnumerable<string> Expand(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.GetFiles(path, "*.json").Order(StringComparer.Ordinal))
                {
                    yield return file;
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    /// <summary>A shard's output, streamed; only regular files (a device or a pipe is refused before reading).</summary>
    private static async Task<RunDocument> ReadAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw new AmtSim.Runtime.Errors.InvalidInputException($"{path}: no such file (give the shards' --out files or their folder)");
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
        if (!stream.CanSeek)
        {
            throw new AmtSim.Runtime.Errors.InvalidInputException($"{path}: not a regular file (give the shards' --out files)");
        }

        return await RunDocument.ReadAsync(stream, path, ct);
    }
}
