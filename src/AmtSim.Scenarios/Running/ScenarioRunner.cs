using System.Diagnostics;
using System.Net.Sockets;
using AmtSim.Scenarios.Model;

namespace AmtSim.Scenarios.Running;

/// <summary>Runs scenarios through an executor and turns observations into verdicts.</summary>
public sealed class ScenarioRunner(IScenarioExecutor executor, TimeProvider? wallClock = null)
{
    private readonly TimeProvider _wallClock = wallClock ?? TimeProvider.System;

    /// <summary>
    /// Runs every scenario (up to <see cref="RunOptions.Parallel"/> at once, each on a partition of
    /// its own, held for the whole run); results come back in input order.
    /// </summary>
    public async Task<IReadOnlyList<ScenarioResult>> RunAllAsync(IReadOnlyList<Scenario> scenarios, RunOptions options, Action<ScenarioResult>? onResult, CancellationToken cancellationToken)
    {
        var results = new ScenarioResult[scenarios.Count];
        var wanted = Math.Max(1, Math.Min(options.Parallel, Math.Max(1, scenarios.Count)));
        using var claim = options.AutoPartition ? PartitionClaim.ClaimFree(wanted) : PartitionClaim.Given(options.Partition, wanted);
        options.PartitionsChosen?.Invoke(claim.Partitions, claim.Automatic);
        using var gate = new SemaphoreSlim(claim.Partitions.Count);
        var partitions = new System.Collections.Concurrent.ConcurrentQueue<int>(claim.Partitions);
        var tasks = scenarios.Select(async (scenario, i) =>
        {
            await gate.WaitAsync(cancellationToken);
            partitions.TryDequeue(out var partition);
            try
            {
                results[i] = await RunAsync(scenario, options with { Partition = partition, AutoPartition = false }, cancellationToken);
                onResult?.Invoke(results[i]);
            }
            finally
            {
                partitions.Enqueue(partition);
                gate.Release();
            }
        });
        await Task.WhenAll(tasks);
        return results;
    }

    public async Task<ScenarioResult> RunAsync(Scenario scenario, RunOptions options, CancellationToken cancellationToken)
    {
        var seed = options.Seed ?? scenario.Seed;
        var started = _wallClock.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var runDirectory = Path.Combine(options.WorkDirectory, scenario.Name);
        try
        {
            using var turn = await HelloPortTurn.TakeAsync(scenario, _wallClock, cancellationToken);
            var observation = await executor.ExecuteAsync(scenario, seed, options, cancellationToken);
            var partial = !options.Shard.IsWhole;
            var failures = partial ? [] : ExpectationChecker.Check(scenario.Expect, observation);
            return new ScenarioResult
            {
                Scenario = scenario,
                Seed = seed,
                Verdict = partial ? Verdict.Partial : failures.Count == 0 ? Verdict.Passed : Verdict.Failed,
                WallTime = clock.Elapsed,
                StartedAt = started,
                RunDirectory = runDirectory,
                Failures = failures,
                Observation = observation,
            };
        }
        catch (ScenarioSetupException ex)
        {
            var message = IsAddressClash(ex)
                ? $"{ex.Message}; partition {options.Partition} is in use by another run: choose another with --partition N or AMTSIM_PARTITION=N (0 to {Network.Addressing.LoopbackAddressAllocator.MaxPartition}), or set neither and amtsim picks a free one"
                : ex.Message;
            return new ScenarioResult { Scenario = scenario, Seed = seed, Verdict = Verdict.Error, WallTime = clock.Elapsed, StartedAt = started, RunDirectory = runDirectory, Error = message };
        }
        catch (ScenarioSkippedException ex)
        {
            return new ScenarioResult { Scenario = scenario, Seed = seed, Verdict = Verdict.Skipped, WallTime = clock.Elapsed, StartedAt = started, RunDirectory = runDirectory, Error = ex.Message };
        }
    }

    /// <summary>A listener could not bind because the address and port are taken: two runs on one partition.</summary>
    private static bool IsAddressClash(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
                || e.Message.Contains(nameof(SocketError.AddressAlreadyInUse), StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
