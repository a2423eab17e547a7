using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using AmtSim.Runtime.Errors;
using AmtSim.Benchmarks.Fuzz;
using AmtSim.Scenarios.World;

namespace AmtSim.Cli.Commands;

/// <summary>
/// <c>amtsim fuzz</c>: seeded mutation fuzzing of every parser (issue 17). Reports crashes (an
/// exception other than the documented invalid-input error), hangs (an input over the time limit)
/// and super-linear cost (a growing input whose cost per unit rises more than threefold from 2,000 to
/// 16,000 units). Exit 0 when nothing was found, 1 otherwise; each finding's input is written to --out.
/// </summary>
internal static class FuzzCommand
{
    public static Command Create()
    {
        var inputs = new Option<long>("--inputs") { Description = "Inputs per parser.", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<long>("--seed") { Description = "Run seed: the same seed gives the same inputs.", DefaultValueFactory = _ => 1 };
        var targets = new Option<string[]>("--target") { Description = "Only these parsers (hello, dhcp, dns, http, digest, wsman, yaml, certificate).", AllowMultipleArgumentsPerToken = true };
        var limit = new Option<int>("--time-limit-ms") { Description = "An input taking longer than this is a hang.", DefaultValueFactory = _ => 2_000 };
        var output = new Option<string>("--out") { Description = "Folder for the inputs of findings.", DefaultValueFactory = _ => "out/fuzz" };
        var noGrowth = new Option<bool>("--no-growth") { Description = "Skip the super-linear cost measurement." };
        var command = new Command("fuzz", "Fuzz every parser with seeded mutations; report crashes, hangs and super-linear cost. Exit 0 clean, 1 findings, 2 bad arguments.")
        {
            inputs, seed, targets, limit, output, noGrowth,
        };
        command.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var count = parse.GetValue(inputs);
            var timeLimit = parse.GetValue(limit);
            if (count < 1 || timeLimit < 1)
            {
                throw new InvalidInputException("--inputs and --time-limit-ms must be at least 1");
            }

            var all = FuzzTargets.All(FixtureLocator.Find());
            var wanted = parse.GetValue(targets) is { Length: > 0 } names ? names : [.. all.Select(t => t.Name)];
            var unknown = wanted.Except(all.Select(t => t.Name), StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                throw new InvalidInputException($"--target: unknown parser(s) {string.Join(", ", unknown)} (expected: {string.Join(", ", all.Select(t => t.Name))})");
            }

            var runSeed = parse.GetValue(seed);
            var outDir = parse.GetValue(output)!;
            var c = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(c, $"amtsim fuzz: seed {runSeed}, {count:N0} inputs per parser, hang limit {timeLimit} ms"));
            Console.WriteLine("parser        inputs     rejected   crashes  hangs  time (s)  inputs/s   growth (cost per unit 16,000 vs 2,000)");
            var bad = 0;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < all.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                var target = all[i];
                if (!wanted.Contains(target.Name, StringComparer.Ordinal))
                {
                    continue;
                }

                var report = FuzzRunner.Run(target, i, count, runSeed, TimeSpan.FromMilliseconds(timeLimit), measureGrowth: !parse.GetValue(noGrowth));
                var crashes = report.Findings.Count(f => f.Kind == "crash");
                var hangs = report.Findings.Count(f => f.Kind == "hang");
                var growth = report.GrowthRatio is { } g ? string.Create(c, $"x{g:0.00}{(report.SuperLinear ? " SUPER-LINEAR" : "")} ({report.GrowthDetail})") : "-";
                Console.WriteLine(string.Create(c, $"{report.Target,-12} {report.Inputs,10:N0} {report.Rejected,10:N0} {crashes,9} {hangs,6} {report.Elapsed.TotalSeconds,9:0.0} {report.Inputs / Math.Max(report.Elapsed.TotalSeconds, 1e-6),9:N0}   {growth}"));
                foreach (var finding in report.Findings)
                {
                    Directory.CreateDirectory(outDir);
                    var file = Path.Combine(outDir, string.Create(c, $"{finding.Target}-{finding.Kind}-{finding.Index}.bin"));
                    await File.WriteAllBytesAsync(file, finding.Input, CancellationToken.None);
                    Console.WriteLine($"  {finding.Kind} at input {finding.Index}: {finding.Error} (input: {file})");
                }

                bad += report.Findings.Count + (report.SuperLinear ? 1 : 0);
            }

            Console.WriteLine(string.Create(c, $"CPU time {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.0} s; {(bad == 0 ? "no crashes, hangs or super-linear cost" : $"{bad} finding(s)")}"));
            return bad == 0 ? ExitCodes.Success : ExitCodes.Failed;
        }));
        return command;
    }
}
