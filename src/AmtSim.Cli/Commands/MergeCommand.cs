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
                outputs.Add((path, RunDocument.Parse(await ReadCappedAsync(path, ct), path)));
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

    /// <summary>Run outputs are large but bounded (a device is about 2 KB): more than 2 GiB is not one, and a device file is refused without reading on.</summary>
    private static async Task<string> ReadCappedAsync(string path, CancellationToken ct)
    {
        const long Cap = int.MaxValue / 2;
        if (!File.Exists(path))
        {
            throw new AmtSim.Runtime.Errors.InvalidInputException($"{path}: no such file (give the shards' --out files)");
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
        using var reader = new StreamReader(stream);
        var buffer = new char[1 << 16];
        var text = new System.Text.StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer, ct)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > Cap)
            {
                throw new AmtSim.Runtime.Errors.InvalidInputException($"{path}: larger than {Cap:N0} characters; not an amtsim run output");
            }
        }

        return text.ToString();
    }
}
