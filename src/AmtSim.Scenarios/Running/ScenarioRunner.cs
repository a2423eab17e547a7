using System.Diagnostics;
using AmtSim.Scenarios.Model;

namespace AmtSim.Scenarios.Running;

/// <summary>Runs scenarios through an executor and turns observations into verdicts.</summary>
public sealed class ScenarioRunner(IScenarioExecutor executor)
{
    /// <summary>Runs every scenario (up to <see cref="RunOptions.Parallel"/> at once); results come back in input order.</summary>
    public async Task<IReadOnlyList<ScenarioResult>> RunAllAsync(IReadOnlyList<Scenario> scenarios, RunOptions options, Action<ScenarioResult>? onResult, CancellationToken cancellationToken)
    {
        var results = new ScenarioResult[scenarios.Count];
        var parallel = Math.Clamp(options.Parallel, 1, 1 + Network.Addressing.LoopbackAddressAllocator.MaxPartition - options.Partition);
        using var gate = new SemaphoreSlim(parallel);
        var partitions = new System.Collections.Concurrent.ConcurrentBag<int>(Enumerable.Range(options.Partition, parallel));
        var tasks = scenarios.Select(async (scenario, i) =>
        {
            await gate.WaitAsync(cancellationToken);
            partitions.TryTake(out var partition);
            try
            {
                results[i] = await RunAsync(scenario, options with { Partition = partition }, cancellationToken);
                onResult?.Invoke(results[i]);
            }
            finally
            {
                partitions.Add(partition);
                gate.Release();
            }
        });
        await Task.WhenAll(tasks);
        return results;
    }

    public async Task<ScenarioResult> RunAsync(Scenario scenario, RunOptions options, CancellationToken cancellationToken)
    {
        var seed = options.Seed ?? scenario.Seed;
        var clock = Stopwatch.StartNew();
        try
        {
            var observation = await executor.ExecuteAsync(scenario, seed, options, cancellationToken);
            var failures = ExpectationChecker.Check(scenario.Expect, observation);
            return new ScenarioResult
            {
                Scenario = scenario,
                Seed = seed,
                Verdict = failures.Count == 0 ? Verdict.Passed : Verdict.Failed,
                WallTime = clock.Elapsed,
                Failures = failures,
                Observation = observation,
            };
        }
        catch (ScenarioSetupException ex)
        {
            return new ScenarioResult { Scenario = scenario, Seed = seed, Verdict = Verdict.Error, WallTime = clock.Elapsed, Error = ex.Message };
        }
        catch (ScenarioSkippedException ex)
        {
            return new ScenarioResult { Scenario = scenario, Seed = seed, Verdict = Verdict.Skipped, WallTime = clock.Elapsed, Error = ex.Message };
        }
    }
}
