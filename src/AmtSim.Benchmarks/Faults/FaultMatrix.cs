using System.Globalization;
using System.Text;
using AmtSim.Runtime.Determinism;
using AmtSim.Runtime.Faults;
using AmtSim.Scenarios.Model;
using AmtSim.Scenarios.Running;
using AmtSim.Scenarios.World;
using AmtSim.Scenarios.World.Faults;

namespace AmtSim.Benchmarks.Faults;

/// <summary>What <c>amtsim bench faults</c> runs.</summary>
public sealed record FaultMatrixOptions
{
    /// <summary>Devices in each world (one world per step).</summary>
    public int Devices { get; init; } = 100;

    /// <summary>Devices faulted per cell (step × fault × side).</summary>
    public int PerCell { get; init; } = 3;

    public long Seed { get; init; } = 1;

    public string Firmware { get; init; } = "16.1.25.2124";

    /// <summary>Only these steps (<see cref="FaultPoints.Steps"/> names); all when empty.</summary>
    public IReadOnlyList<string> Steps { get; init; } = [];

    /// <summary>Provisioning tasks the service point runs at once (0: no limit).</summary>
    public int Concurrency { get; init; }

    public int Partition { get; init; } = RunOptions.PartitionFromEnvironment();

    public string WorkDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "amtsim-bench-faults");

    /// <summary>Wall-clock limit of one world: past it the world counts as hung (a virtual-time run needs seconds).</summary>
    public TimeSpan WorldLimit { get; init; } = TimeSpan.FromMinutes(10);
}

/// <summary>One cell of the matrix: a fault at a step on some devices, and what became of them and of the rest of the fleet.</summary>
public sealed record FaultCellResult
{
    public required string Step { get; init; }
    public required FaultKind Kind { get; init; }
    public required FaultSide Side { get; init; }

    /// <summary>Fleet indexes of the faulted devices.</summary>
    public required IReadOnlyList<int> Devices { get; init; }

    /// <summary>"state/Reason" of the faulted devices, with counts (e.g. "in/SetupFailed": 3).</summary>
    public required IReadOnlyDictionary<string, int> EndStates { get; init; }

    /// <summary>Why the first faulted device stopped, from its report timeline (the service point's line, else the device's last failed one).</summary>
    public required string Detail { get; init; }

    /// <summary>The fault was applied at least once (a cell whose step was never reached would say nothing).</summary>
    public required bool Applied { get; init; }

    /// <summary>Unfaulted devices of the world, and how many of them were provisioned.</summary>
    public required int Rest { get; init; }

    public required int RestProvisioned { get; init; }

    /// <summary>Every device of the world is in the observation with a state and a reason.</summary>
    public required bool NothingLost { get; init; }

    /// <summary>The world ran to its end (no hang, no exception); otherwise <see cref="Detail"/> says what happened.</summary>
    public required bool Ended { get; init; }

    /// <summary>Wall time of the cell's world (shared by the cells of one step).</summary>
    public double WorldSeconds { get; init; }
}

/// <summary>
/// The fault matrix of issue 17 item 5: for every step of <see cref="FaultPoints"/> one world of
/// N devices with the built-in service point, in which each (fault, side) that applies at the step
/// hits its own few devices, picked from the seed; the rest of the fleet is clean. Each cell reports
/// the faulted devices' end states and reasons, whether the fault was applied, whether every device
/// is in the report with a reason, whether the world ended, and whether the rest provisioned.
/// </summary>
public sealed class FaultMatrix(string fixturesDirectory)
{
    public async Task<IReadOnlyList<FaultCellResult>> RunAsync(FaultMatrixOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        var steps = options.Steps.Count > 0 ? options.Steps : FaultPoints.Steps;
        var results = new List<FaultCellResult>();
        foreach (var step in steps)
        {
            results.AddRange(await RunStepAsync(step, options, cancellationToken, progress));
            var last = results[^1];
            progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench faults: {step}: {FaultPoints.At(step).Count} cell(s), rest {last.RestProvisioned}/{last.Rest} provisioned, {last.WorldSeconds:0.0} s"));
        }

        return results;
    }

    /// <summary>One world for <paramref name="step"/>: every (fault, side) that applies there on its own devices.</summary>
    public async Task<IReadOnlyList<FaultCellResult>> RunStepAsync(string step, FaultMatrixOptions options, CancellationToken cancellationToken, TextWriter? progress = null)
    {
        var cells = FaultPoints.At(step);
        if (cells.Count == 0)
        {
            throw new ArgumentException($"no fault applies at '{step}' (steps: {string.Join(", ", FaultPoints.Steps)})", nameof(step));
        }

        var perCell = Math.Max(1, options.PerCell);
        if (cells.Count * perCell >= options.Devices)
        {
            throw new ArgumentException($"{cells.Count} cell(s) of {perCell} device(s) at {step} leave no clean device in a fleet of {options.Devices}");
        }

        // Disjoint groups of devices, picked by a seeded shuffle: the same seed faults the same devices.
        var order = Enumerable.Range(0, options.Devices).ToArray();
        new Random(SeedDerivation.Derive(options.Seed, Array.IndexOf([.. FaultPoints.Steps], step), "bench/faults")).Shuffle(order);
        var groups = cells.Select((_, i) => (IReadOnlyList<int>)[.. order.Skip(i * perCell).Take(perCell).Order()]).ToList();
        progress?.WriteLine($"bench faults: {step}: {string.Join("; ", cells.Select((c, i) => $"{FaultPoints.NameOf(c.Kind)} ({FaultPoints.NameOf(c.Side)}) on [{string.Join(", ", groups[i])}]"))}");
        var scenario = new Scenario
        {
            Name = $"bench-faults-{step}-p{options.Partition}",
            File = "(bench faults)",
            Seed = options.Seed,
            RunFor = TimeSpan.FromMinutes(10),
            Network = new NetworkSpec { Scopes = [new ScopeSpec { Name = "bench", Option15 = "contoso.com", Devices = options.Devices }] },
            Devices = new DeviceSpec { Firmware = options.Firmware },
            Faults = [.. cells.Select((c, i) => new FaultSpec { Step = step, Kind = c.Kind, Side = c.Side, Indexes = groups[i] })],
        };

        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.WorldLimit);
        RunObservation? observation = null;
        string? failure = null;
        try
        {
            observation = await new WorldExecutor(fixturesDirectory).ExecuteAsync(scenario, options.Seed, new RunOptions
            {
                WorkDirectory = options.WorkDirectory,
                Partition = options.Partition,
                MaxConcurrentProvisionings = options.Concurrency,
            }, limit.Token);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            failure = string.Create(CultureInfo.InvariantCulture, $"hung: the world did not end within {options.WorldLimit.TotalMinutes} min of wall time");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            failure = $"the world failed: {ex.GetType().Name}: {ex.Message} {ex.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}";
        }

        var seconds = Math.Round(watch.Elapsed.TotalSeconds, 1);
        var faulted = groups.SelectMany(g => g).ToHashSet();
        var devices = observation?.Devices ?? [];
        var rest = devices.Where(d => !faulted.Contains(d.Index)).ToList();
        var nothingLost = observation is not null
            && devices.Count == options.Devices
            && devices.Select(d => d.Index).Distinct().Count() == options.Devices
            && devices.All(d => d.State is "pre" or "in" or "post" && !string.IsNullOrEmpty(d.Reason) && DeviceReasons.All.Contains(d.Reason));
        return [.. cells.Select((c, i) =>
        {
            var mine = devices.Where(d => groups[i].Contains(d.Index)).OrderBy(d => d.Index).ToList();
            return new FaultCellResult
            {
                Step = step,
                Kind = c.Kind,
                Side = c.Side,
                Devices = groups[i],
                EndStates = mine.GroupBy(d => $"{d.State}/{d.Reason}").OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
                Detail = failure ?? (mine.Count > 0 ? DetailOf(mine[0]) : "no observation"),
                Applied = observation?.Faults.Any(f => f.Step == step && f.Kind == c.Kind && f.Side == c.Side) ?? false,
                Rest = options.Devices - faulted.Count,
                RestProvisioned = rest.Count(d => d.State == "post"),
                NothingLost = nothingLost,
                Ended = failure is null,
                WorldSeconds = seconds,
            };
        })];
    }

    /// <summary>The service point's line about where it stopped, else the device's last failed event.</summary>
    private static string DetailOf(DeviceObservation device)
        => device.Timeline.LastOrDefault(e => e.Kind == "server")?.Text
            ?? device.Timeline.LastOrDefault(e => !e.Ok)?.Text
            ?? (device.State == "post" ? "provisioned" : "no failed event");

    /// <summary>The matrix as a Markdown table (bench/README.md, docs/faults.md).</summary>
    public static string Markdown(IReadOnlyList<FaultCellResult> cells)
    {
        var text = new StringBuilder();
        text.AppendLine("| step | fault | side | faulted devices end as | why (first faulted device) | rest of the fleet provisioned | all in the report, run ended |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var c in cells)
        {
            var ends = c.EndStates.Count == 0 ? "(none observed)" : string.Join(", ", c.EndStates.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Key} ×{e.Value}")));
            // Garbage echoed in an error message stays out of the table: printable ASCII only.
            var detail = new string([.. c.Detail.Select(ch => ch is >= ' ' and <= '~' ? ch : '?')]).Replace("|", "\\|", StringComparison.Ordinal);
            if (detail.Length > 110)
            {
                detail = detail[..107] + "...";
            }

            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {c.Step} | {FaultPoints.NameOf(c.Kind)} | {FaultPoints.NameOf(c.Side)} | {ends}{(c.Applied ? "" : " (fault never applied)")} | {detail} | {c.RestProvisioned}/{c.Rest} | {(c.NothingLost && c.Ended ? "yes" : "**no**")} |"));
        }

        return text.ToString();
    }

    /// <summary>
    /// True when every cell holds: applied, nothing lost, ended, the rest all provisioned, and no
    /// faulted device provisioned as if nothing happened (post only as CommitUnconfirmed: the commit
    /// went through and its answer was lost).
    /// </summary>
    public static bool AllHold(IReadOnlyList<FaultCellResult> cells)
        => cells.All(c => c.Applied && c.NothingLost && c.Ended && c.RestProvisioned == c.Rest
            && c.EndStates.Keys.All(k => !k.StartsWith("post/", StringComparison.Ordinal) || k == "post/" + DeviceReasons.CommitUnconfirmed));
}
