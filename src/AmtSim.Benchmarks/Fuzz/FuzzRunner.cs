using System.Diagnostics;
using AmtSim.Runtime.Determinism;
using AmtSim.Runtime.Errors;

namespace AmtSim.Benchmarks.Fuzz;

/// <summary>A crash (an exception other than <see cref="InvalidInputException"/>) or a hang (an input over the time limit).</summary>
public sealed record FuzzFinding(string Kind, string Target, long Index, string Error, byte[] Input);

/// <summary>What one target's run found; <see cref="GrowthRatio"/> is cost per unit at 8n over cost per unit at n (about 1 when linear).</summary>
public sealed record FuzzTargetReport(string Target, long Inputs, long Rejected, IReadOnlyList<FuzzFinding> Findings, TimeSpan Elapsed, double? GrowthRatio, string GrowthDetail)
{
    /// <summary>Cost per repeated unit more than 3 times higher at 8n than at n: quadratic or worse.</summary>
    public bool SuperLinear => GrowthRatio > 3;
}

/// <summary>
/// Runs seeded mutations of a target's seeds through it on a worker thread, watching each input
/// against a time limit from the calling thread, then measures the cost of growing inputs.
/// The inputs depend only on (run seed, target index); findings carry the input bytes to replay.
/// </summary>
public static class FuzzRunner
{
    public static FuzzTargetReport Run(FuzzTarget target, int targetIndex, long count, long runSeed, TimeSpan perInputLimit, bool measureGrowth, int maxFindings = 20)
    {
        var findings = new List<FuzzFinding>();
        var gate = new Lock();
        long rejected = 0, done = 0;
        long inputStart = 0;
        byte[]? current = null;
        var finished = false;
        var worker = new Thread(() =>
        {
            var random = new Random(SeedDerivation.Derive(runSeed, targetIndex, "fuzz:" + target.Name));
            var mutator = new ByteMutator(random);
            var corpus = new List<byte[]>(target.Seeds);
            for (long i = 0; i < count; i++)
            {
                var input = i < target.Seeds.Count ? target.Seeds[(int)i] : mutator.Mutate(corpus);
                Volatile.Write(ref current, input);
                Volatile.Write(ref inputStart, Stopwatch.GetTimestamp());
                try
                {
                    target.Run(input);
                    if (corpus.Count < 256 && random.Next(1000) == 0)
                    {
                        corpus.Add(input); // an accepted mutant becomes a seed: deeper structure gets explored
                    }
                }
                catch (InvalidInputException)
                {
                    rejected++;
                }
                catch (Exception ex)
                {
                    lock (gate)
                    {
                        findings.Add(new FuzzFinding("crash", target.Name, i, $"{ex.GetType().Name}: {ex.Message}", input));
                        if (findings.Count >= maxFindings)
                        {
                            break;
                        }
                    }
                }

                Volatile.Write(ref done, i + 1);
                Volatile.Write(ref inputStart, 0);
            }

            Volatile.Write(ref finished, true);
        }, maxStackSize: 16 * 1024 * 1024) { IsBackground = true, Name = "fuzz " + target.Name };

        var clock = Stopwatch.StartNew();
        worker.Start();
        var hung = false;
        while (!worker.Join(50))
        {
            var started = Volatile.Read(ref inputStart);
            if (started != 0 && Stopwatch.GetElapsedTime(started) > perInputLimit)
            {
                lock (gate)
                {
                    findings.Add(new FuzzFinding("hang", target.Name, Volatile.Read(ref done), $"no result after {perInputLimit.TotalSeconds:0.###} s", Volatile.Read(ref current) ?? []));
                }

                hung = true; // the worker is abandoned (a background thread); nothing more is run on this target
                break;
            }
        }

        clock.Stop();
        double? ratio = null;
        var detail = "";
        if (measureGrowth && !hung && Volatile.Read(ref finished))
        {
            (ratio, detail) = MeasureGrowth(target);
        }

        lock (gate)
        {
            return new FuzzTargetReport(target.Name, Volatile.Read(ref done), rejected, [.. findings], clock.Elapsed, ratio, detail);
        }
    }

    /// <summary>Best of five timings at n = 2,000 and 16,000 repetitions; the ratio of cost per repetition.</summary>
    private static (double Ratio, string Detail) MeasureGrowth(FuzzTarget target)
    {
        double PerUnit(int n)
        {
            var input = target.Grow(n);
            var best = double.MaxValue;
            for (var i = 0; i < 5; i++)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    target.Run(input);
                }
                catch (InvalidInputException)
                {
                }

                best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            }

            return best / n;
        }

        PerUnit(500); // warm up the JIT
        var small = PerUnit(2_000);
        var large = PerUnit(16_000);
        var ratio = large / Math.Max(small, 1e-3);
        return (ratio, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{small:0.###} us/unit at 2,000, {large:0.###} us/unit at 16,000"));
    }
}
