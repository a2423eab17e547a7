using AmtSim.Runtime.Determinism;
using AmtSim.Runtime.Errors;
using AmtSim.Scenarios.Loading;
using AmtSim.Scenarios.Running;

namespace AmtSim.Scenarios.Sharding;

/// <summary>The results rebuilt from N shard outputs, and which shards were not among them.</summary>
/// <param name="Shards">How many shards the run was split into.</param>
/// <param name="Missing">Indexes of the shards whose output was not given (their devices are missing from every result).</param>
public sealed record MergedRun(int Shards, IReadOnlyList<int> Missing, IReadOnlyList<ScenarioResult> Results, long? Seed, DateTimeOffset StartedAt, DateTimeOffset EndedAt)
{
    public RunDocument ToDocument() => RunDocument.From(Shard.Whole, Seed, StartedAt, EndedAt, Results);
}

/// <summary>
/// Combines the outputs of the N shards of one run (<c>amtsim run --shard I/N --out …</c>) into the
/// results the unsharded run gives: devices by fleet index, the server's log lines in time order,
/// expectations checked over the whole fleet. The outputs must be one split (same N, same scenarios
/// and seeds, each shard once, no device twice); a missing shard is named and its scenarios end as
/// setup errors, never as a pass over part of the fleet.
/// </summary>
public static class RunMerger
{
    public static MergedRun Merge(IReadOnlyList<(string Source, RunDocument Document)> outputs)
    {
        if (outputs.Count == 0)
        {
            throw new InvalidInputException("merge: no run outputs given");
        }

        var count = Count(outputs[0].Document.Shard);
        var byIndex = new SortedDictionary<int, (string Source, RunDocument Document)>();
        foreach (var (source, document) in outputs)
        {
            if (Count(document.Shard) != count)
            {
                throw new InvalidInputException($"{source}: shard {document.Shard} is not of the same split as {outputs[0].Source} (shard {outputs[0].Document.Shard})");
            }

            if (!byIndex.TryAdd(document.Shard.Index, (source, document)))
            {
                throw new InvalidInputException($"{source}: shard {document.Shard} is given twice (also {byIndex[document.Shard.Index].Source})");
            }

            if (document.Seed != outputs[0].Document.Seed)
            {
                throw new InvalidInputException($"{source}: run seed {document.Seed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(the files')"} differs from {outputs[0].Source}'s; shards of one run share the seed");
            }
        }

        var missing = Enumerable.Range(0, count).Where(i => !byIndex.ContainsKey(i)).ToList();
        var shards = byIndex.Values.ToList();

        // Scenarios in the order of the first output that has them.
        var keys = new List<(string File, string Name, long Seed)>();
        foreach (var (_, document) in shards)
        {
            foreach (var s in document.Scenarios)
            {
                if (!keys.Contains((s.File, s.Name, s.Seed)))
                {
                    keys.Add((s.File, s.Name, s.Seed));
                }
            }
        }

        var results = new List<ScenarioResult>();
        foreach (var key in keys)
        {
            var parts = shards
                .Select(s => (s.Source, s.Document.Shard, Record: s.Document.Scenarios.FirstOrDefault(r => (r.File, r.Name, r.Seed) == key)))
                .ToList();
            results.Add(MergeScenario(key, parts, missing, count));
        }

        return new MergedRun(
            count,
            missing,
            results,
            outputs[0].Document.Seed,
            shards.Min(s => s.Document.StartedAt),
            shards.Max(s => s.Document.EndedAt));
    }

    private static int Count(Shard shard) => shard.IsWhole ? 1 : shard.Count;

    private static ScenarioResult MergeScenario((string File, string Name, long Seed) key, List<(string Source, Shard Shard, ScenarioRecord? Record)> parts, IReadOnlyList<int> missingShards, int count)
    {
        var present = parts.Where(p => p.Record is not null).Select(p => (p.Source, p.Shard, Record: p.Record!)).ToList();
        var first = present[0].Record;
        var scenario = first.Yaml is { } yaml
            ? ScenarioLoader.Parse(yaml, first.File)
            : new Model.Scenario { Name = first.Name, File = first.File };
        var result = new ScenarioResult
        {
            Scenario = scenario,
            Seed = key.Seed,
            Verdict = Verdict.Error,
            WallTime = TimeSpan.FromSeconds(present.Max(p => p.Record.WallSeconds)),
            StartedAt = present.Min(p => p.Record.StartedAt),
            RunDirectory = first.RunDirectory,
        };

        // A shard that could not run (or a file that did not load) decides the scenario's verdict.
        foreach (var verdict in new[] { Verdict.Invalid, Verdict.Error, Verdict.Skipped })
        {
            var bad = present.Where(p => p.Record.Verdict == verdict).ToList();
            if (bad.Count > 0)
            {
                var error = bad.Count == present.Count && bad.Select(b => b.Record.Error).Distinct().Count() == 1
                    ? bad[0].Record.Error
                    : string.Join("; ", bad.Select(b => $"shard {b.Shard}: {b.Record.Error}"));
                return result with { Verdict = verdict, Error = error };
            }
        }

        var observation = MergeObservations(present.Select(p => (p.Source, p.Record.Observation)).ToList());
        var absent = parts.Where(p => p.Record is null).Select(p => p.Shard.Index).Concat(missingShards).Distinct().Order().ToList();
        if (absent.Count > 0)
        {
            return result with
            {
                Observation = observation,
                Error = $"shard(s) {string.Join(", ", absent.Select(i => $"{i}/{count}"))} missing: the merged output has {observation.Devices.Count} of {observation.DevicesInFleet} device(s); give every shard's output",
            };
        }

        if (observation.Devices.Count != observation.DevicesInFleet)
        {
            return result with { Observation = observation, Error = $"the shards hold {observation.Devices.Count} of the fleet's {observation.DevicesInFleet} device(s): the outputs are not one split of this scenario" };
        }

        var failures = ExpectationChecker.Check(scenario.Expect, observation);
        return result with { Verdict = failures.Count == 0 ? Verdict.Passed : Verdict.Failed, Failures = failures, Observation = observation };
    }

    /// <summary>
    /// Devices by fleet index (each exactly once); server lines in time order, a line about the
    /// server itself kept as often as the shard that wrote it most (every shard's server writes its
    /// own start-up lines); status messages likewise.
    /// </summary>
    internal static RunObservation MergeObservations(IReadOnlyList<(string Source, RunObservation Observation)> parts)
    {
        var devices = new SortedDictionary<int, (string Source, DeviceObservation Device)>();
        foreach (var (source, observation) in parts)
        {
            foreach (var device in observation.Devices)
            {
                if (!devices.TryAdd(device.Index, (source, device)))
                {
                    throw new InvalidInputException($"{source}: device {device.Index} is also in {devices[device.Index].Source}: the outputs are not one split of the fleet");
                }
            }
        }

        var timed = parts.All(p => p.Observation.ServerLogLines.Count == p.Observation.ServerLog.Count);
        IReadOnlyList<ServerLogLine> lines = timed
            ? MergeTimed(parts.Select(p => p.Observation.ServerLogLines).ToList())
            : [];
        var log = timed ? lines.Select(l => l.Text).ToList() : parts.SelectMany(p => p.Observation.ServerLog).ToList();
        var status = KeepMostPerKey(parts.Select(p => p.Observation.StatusMessages).ToList(), m => (m.At, m.Id, m.Text))
            .OrderBy(m => m.At)
            .ToList();
        return new RunObservation
        {
            Devices = [.. devices.Values.Select(d => d.Device)],
            ServerLog = log,
            ServerLogLines = lines,
            ServerLogText = parts.Count == 1
                ? parts[0].Observation.ServerLogText
                : string.Concat(parts.Select(p => $"# shard {p.Observation.Shard} ({p.Source})\r\n{p.Observation.ServerLogText}")),
            StatusMessages = status,
            DevicesInFleet = parts.Max(p => p.Observation.DevicesInFleet),
            Shard = Shard.Whole,
            VirtualStart = parts.Min(p => p.Observation.VirtualStart),
            VirtualEnd = parts.Max(p => p.Observation.VirtualEnd),
        };
    }

    private static List<ServerLogLine> MergeTimed(IReadOnlyList<IReadOnlyList<ServerLogLine>> shards)
    {
        var deviceLines = shards.SelectMany(s => s.Where(l => l.Subject.Length > 0));
        var serverLines = KeepMostPerKey(shards.Select(s => (IReadOnlyList<ServerLogLine>)[.. s.Where(l => l.Subject.Length == 0)]).ToList(), l => (l.At, l.Text));

        // The service point's own order: time, then subject, then writing order (stable sort keeps it).
        return [.. serverLines.Concat(deviceLines).OrderBy(l => l.At).ThenBy(l => l.Subject, StringComparer.Ordinal)];
    }

    /// <summary>Every item, each key as many times as the part that has it most often (a multiset union).</summary>
    private static List<T> KeepMostPerKey<T, TKey>(IReadOnlyList<IReadOnlyList<T>> parts, Func<T, TKey> key)
        where TKey : notnull
    {
        var kept = new Dictionary<TKey, int>();
        var result = new List<T>();
        foreach (var part in parts)
        {
            var seen = new Dictionary<TKey, int>();
            foreach (var item in part)
            {
                var k = key(item);
                var n = seen[k] = seen.GetValueOrDefault(k) + 1;
                if (n > kept.GetValueOrDefault(k))
                {
                    kept[k] = n;
                    result.Add(item);
                }
            }
        }

        return result;
    }
}
