using System.CommandLine;
using System.Globalization;
using AmtSim.Scenarios.Loading;
using AmtSim.Scenarios.Reports;
using AmtSim.Scenarios.Running;
using AmtSim.Cli.Terminal;

namespace AmtSim.Cli.Commands;

/// <summary><c>amtsim run [PATHS…]</c>: the scenario suite, a CI gate.</summary>
internal static class RunCommand
{
    public static Command Create(Func<IScenarioExecutor> executorFactory)
    {
        var paths = new Argument<string[]>("paths") { Description = "Scenario files or folders (default: scenarios).", Arity = ArgumentArity.ZeroOrMore };
        var seed = new Option<long?>("--seed") { Description = "Run seed for every scenario (overrides the files' seeds); printed in every failure." };
        var filter = new Option<string?>("--filter") { Description = "Only scenarios whose name or file matches this glob (e.g. 'expired-*')." };
        var junit = new Option<string?>("--junit") { Description = "Write JUnit XML here." };
        var report = new Option<string?>("--report") { Description = "Write the self-contained HTML report here." };
        var parallel = new Option<int>("--parallel") { Description = "Scenarios run at once.", DefaultValueFactory = _ => 1 };
        var realTime = new Option<bool>("--real-time") { Description = "Run on the wall clock instead of virtual time (a 24-hour hello window then takes 24 hours)." };
        var partition = new Option<int?>("--partition")
        {
            Description = $"Block of 127.0.0.0/8 to use (0-{AmtSim.Network.Addressing.LoopbackAddressAllocator.MaxPartition}; env AMTSIM_PARTITION). Default: a free one, so runs side by side never collide.",
        };
        partition.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 0 or > AmtSim.Network.Addressing.LoopbackAddressAllocator.MaxPartition)
            {
                r.AddError($"--partition must be 0 to {AmtSim.Network.Addressing.LoopbackAddressAllocator.MaxPartition}");
            }
        });
        var shard = new Option<string?>("--shard")
        {
            Description = "Run only part I of N of every scenario's fleet (I from 0; e.g. 0/4), with the devices, seeds and certificates they have in the whole run; write --out and combine the N outputs with 'amtsim merge'.",
        };
        var output = new Option<string?>("--out") { Description = "Write the run's results (every device, the server's log) as JSON here, for 'amtsim merge' or tools." };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON on stdout (the format of --out) instead of text; the text goes to stderr." };
        var workDir = new Option<string?>("--work-dir") { Description = "Where each scenario's files go (its amtopmgr.log, PFX copies); default: a temp folder." };
        var command = new Command("run", "Run scenarios and check their expectations. Exit codes: 0 all passed, 1 some failed, 2 invalid scenario file, 3 setup error.")
        {
            paths, seed, filter, junit, report, parallel, realTime, workDir, partition, shard, output, json,
        };
        command.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var given = parse.GetValue(partition) ?? PartitionFromEnvironment();
            var part = parse.GetValue(shard) is { } text ? AmtSim.Runtime.Determinism.Shard.Parse(text) : AmtSim.Runtime.Determinism.Shard.Whole;
            var outputs = new RunOutputs(parse.GetValue(junit), parse.GetValue(report), parse.GetValue(output), parse.GetValue(json));
            if (!part.IsWhole && (outputs.JUnit ?? outputs.Report) is not null)
            {
                throw new AmtSim.Runtime.Errors.InvalidInputException($"--shard {part}: --junit and --report judge the whole fleet; write --out here and give every shard's output to 'amtsim merge --junit … --report …'");
            }

            if (!part.IsWhole && outputs.Document is null && !outputs.Json)
            {
                throw new AmtSim.Runtime.Errors.InvalidInputException($"--shard {part}: give --out PATH (or --json) so 'amtsim merge' can combine this shard with the others");
            }

            var options = new RunOptions
            {
                Seed = parse.GetValue(seed),
                RealTime = parse.GetValue(realTime),
                Parallel = Math.Max(1, parse.GetValue(parallel)),
                Partition = given ?? 0,
                Shard = part,
                AutoPartition = given is null,
                PartitionsChosen = (held, automatic) => (outputs.Json ? Console.Error : Console.Out).WriteLine(automatic
                    ? $"amtsim: address partition {string.Join(", ", held)} (free, chosen automatically; --partition or AMTSIM_PARTITION to choose)"
                    : $"amtsim: address partition {string.Join(", ", held)}"),
                Progress = new FleetProgress(new ProgressLine("  devices booted")),
            };
            if (parse.GetValue(workDir) is { } dir)
            {
                options = options with { WorkDirectory = Path.GetFullPath(dir) };
            }
            var roots = parse.GetValue(paths) is { Length: > 0 } p ? p : ["scenarios"];
            return await RunAsync(roots, parse.GetValue(filter), outputs, options, executorFactory(), ct);
        }));
        return command;
    }

    /// <summary>Where the results go: JUnit, HTML, the JSON document (a file, or stdout with --json).</summary>
    internal sealed record RunOutputs(string? JUnit, string? Report, string? Document, bool Json);

    private static async Task<int> RunAsync(string[] paths, string? filter, RunOutputs outputs, RunOptions options, IScenarioExecutor executor, CancellationToken ct)
    {
        // With --json, stdout carries only the document; what a person reads goes to stderr.
        var console = outputs.Json ? Console.Error : Console.Out;
        var runStarted = DateTimeOffset.UtcNow;
        if (paths.FirstOrDefault(p => !File.Exists(p) && !Directory.Exists(p)) is { } missing)
        {
            await Console.Error.WriteLineAsync($"amtsim: {missing}: no such file or folder (give scenario files or folders; 'amtsim examples --out DIR' writes the shipped ones)");
            return ExitCodes.InvalidInput;
        }

        var files = ScenarioDiscovery.FindFiles(paths, filter);
        var (scenarios, errors) = ScenarioDiscovery.LoadAll(files, LoadContext());
        foreach (var e in errors)
        {
            await Console.Error.WriteLineAsync($"amtsim: {e.Message}");
        }

        if (scenarios.Count == 0 && errors.Count == 0)
        {
            await Console.Error.WriteLineAsync($"amtsim: no scenario files under {string.Join(", ", paths)}{(filter is null ? "" : $" matching '{filter}'")}");
            return ExitCodes.InvalidInput;
        }

        console.WriteLine(options.Seed is { } s
            ? $"amtsim: {scenarios.Count} scenario(s), run seed {s}, {(options.RealTime ? "real time" : "virtual time")}"
            : $"amtsim: {scenarios.Count} scenario(s), seeds from the files, {(options.RealTime ? "real time" : "virtual time")}");
        var c = CultureInfo.InvariantCulture;
        var finished = new System.Collections.Concurrent.ConcurrentDictionary<AmtSim.Scenarios.Model.Scenario, ScenarioResult>(ReferenceEqualityComparer.Instance);
        IReadOnlyList<ScenarioResult> results;
        var interrupted = false;
        try
        {
            results = await RunAllAsync();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl-C or SIGTERM: every world has stopped by now (the runner waits for them all).
            interrupted = true;
            results = [.. scenarios.Select(s => finished.TryGetValue(s, out var done) ? done : NotRun(s, options))];
        }

        interrupted |= ct.IsCancellationRequested;

        // A file that did not load is a result of its own (an error case in JUnit, a row in the
        // report), so CI sees a red case instead of "no test results" and the rest still ran.
        results = [.. results, .. errors.Select(e => ScenarioResult.InvalidFile(e.File, e.Message))];
        foreach (var invalid in results.Where(r => r.Verdict == Verdict.Invalid))
        {
            console.WriteLine($"{Terminal.Terminal.Red("INVALID")} {invalid.Scenario.File}");
            console.WriteLine($"        {invalid.Error}");
        }

        if (outputs.JUnit is { } junitPath)
        {
            await WriteAsync(junitPath, JUnitReport.Render(results, paths));
        }

        if (outputs.Report is { } reportPath)
        {
            await WriteAsync(reportPath, HtmlReport.Render(results, options.Seed, DateTimeOffset.UtcNow));
        }

        if (outputs.Document is not null || outputs.Json)
        {
            var document = AmtSim.Scenarios.Sharding.RunDocument.From(options.Shard, options.Seed, runStarted, DateTimeOffset.UtcNow, results).ToJson();
            if (outputs.Document is { } documentPath)
            {
                await WriteAsync(documentPath, document);
            }

            if (outputs.Json)
            {
                await Console.Out.WriteLineAsync(document);
            }
        }

        if (!options.Shard.IsWhole)
        {
            var ran = results.Count(r => r.Verdict == Verdict.Partial);
            console.WriteLine($"shard {options.Shard}: {ran} scenario(s) ran their part of the fleet; 'amtsim merge' checks the expectations once every shard's output is in");
        }

        return Summarize(console, results, interrupted ? $"; interrupted, {scenarios.Count - finished.Count} not run" : "", interrupted);

        Task<IReadOnlyList<ScenarioResult>> RunAllAsync() => new ScenarioRunner(executor).RunAllAsync(scenarios, options, r =>
        {
            finished[r.Scenario] = r;
            PrintResult(console, r);
        }, ct);
    }

    /// <summary>The closing line and the exit code. Precedence: an interrupted run (4), then an invalid file (2, the user's to fix first), then the environment (3), then failures (1).</summary>
    internal static int Summarize(TextWriter console, IReadOnlyList<ScenarioResult> results, string suffix, bool interrupted)
    {
        var passed = results.Count(r => r.Verdict == Verdict.Passed);
        var failed = results.Count(r => r.Verdict == Verdict.Failed);
        var setup = results.Count(r => r.Verdict == Verdict.Error);
        var skipped = results.Count(r => r.Verdict == Verdict.Skipped);
        var invalidFiles = results.Count(r => r.Verdict == Verdict.Invalid);
        console.WriteLine($"{passed} passed, {failed} failed{(skipped > 0 ? $", {skipped} skipped" : "")}{(setup > 0 ? $", {setup} setup error(s)" : "")}{(invalidFiles > 0 ? $", {invalidFiles} invalid file(s)" : "")}{suffix}");
        return interrupted ? ExitCodes.Interrupted : invalidFiles > 0 ? ExitCodes.InvalidInput : setup > 0 ? ExitCodes.SetupError : failed > 0 ? ExitCodes.Failed : ExitCodes.Success;
    }

    /// <summary>One scenario's line (PASS/FAIL/…), its unmet expectations, its error and replay command.</summary>
    internal static void PrintResult(TextWriter console, ScenarioResult r)
    {
        var c = CultureInfo.InvariantCulture;
        var tag = r.Verdict switch { Verdict.Passed => Terminal.Terminal.Green("PASS "), Verdict.Failed => Terminal.Terminal.Red("FAIL "), Verdict.Skipped => Terminal.Terminal.Yellow("SKIP "), Verdict.Partial => "RAN  ", _ => Terminal.Terminal.Red("ERROR") };
        var devices = r.Observation.Devices.Count;
        console.WriteLine($"{tag} {r.Scenario.Name,-48} {r.WallTime.TotalSeconds.ToString("0.00", c),7} s  {devices} device(s)");
        foreach (var f in r.Failures)
        {
            console.WriteLine($"        {f.What}");
            console.WriteLine($"          expected: {f.Expected}");
            console.WriteLine($"          actual:   {f.Actual}");
        }

        if (r.Error is not null)
        {
            console.WriteLine($"        {r.Error}");
        }

        if (r.Verdict is Verdict.Failed or Verdict.Error)
        {
            console.WriteLine($"        replay: {r.ReplayCommand}");
        }
    }

    /// <summary>AMTSIM_PARTITION, or null when unset; a value that is not a partition is invalid input naming the variable.</summary>
    private static int? PartitionFromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable("AMTSIM_PARTITION");
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p <= AmtSim.Network.Addressing.LoopbackAddressAllocator.MaxPartition
            ? p
            : throw new AmtSim.Runtime.Errors.InvalidInputException($"AMTSIM_PARTITION: '{text}' is not a partition (0 to {AmtSim.Network.Addressing.LoopbackAddressAllocator.MaxPartition})");
    }

    /// <summary>What load-time checks compare against: the fixture PKI's ids (when the fixtures are found; else the run reports the missing fixtures as a setup error).</summary>
    private static ScenarioLoadContext LoadContext()
        => AmtSim.Scenarios.World.FixtureLocator.Find() is { } dir && File.Exists(Path.Combine(dir, AmtSim.Pki.Fixtures.FixtureManifest.FileName))
            ? ScenarioLoadContext.FromFixtures(dir)
            : ScenarioLoadContext.Unchecked;

    /// <summary>A scenario an interrupted run did not finish: skipped in the reports, with why (issue 17).</summary>
    private static ScenarioResult NotRun(AmtSim.Scenarios.Model.Scenario scenario, RunOptions options) => new()
    {
        Scenario = scenario,
        Seed = options.Seed ?? scenario.Seed,
        Verdict = Verdict.Skipped,
        WallTime = TimeSpan.Zero,
        Error = "not run: the run was interrupted (Ctrl-C or SIGTERM) before this scenario finished",
    };

    internal static async Task WriteAsync(string path, string text)
    {
        try
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir is not null)
            {
                Directory.CreateDirectory(dir);
            }

            await File.WriteAllTextAsync(path, text);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SetupException($"cannot write {path}: {ex.Message}", ex);
        }
    }

    /// <summary>A one-line progress bar for fleets on a terminal (never in redirected output, so logs and CI stay clean).</summary>
    /// <summary>Devices booting in a scenario, shown for fleets (50 devices or more) with rate and time left.</summary>
    private sealed class FleetProgress(ProgressLine line) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value)
        {
            if (value.Total >= 50)
            {
                line.Report(value);
            }
        }
    }
}
