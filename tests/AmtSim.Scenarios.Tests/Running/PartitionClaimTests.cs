using System.Net.Sockets;
using AmtSim.Scenarios.Model;
using AmtSim.Scenarios.Running;
using Xunit;

namespace AmtSim.Scenarios.Tests.Running;

/// <summary>Runs side by side take different address partitions; a clash names the flag and the variable (issue 18).</summary>
public class PartitionClaimTests
{
    // High partitions the repository's tests name explicitly only in benches; the order lists keep these tests apart from any run.
    [Fact]
    public void ClaimFree_FirstHeldByAnotherRun_TakesTheNext()
    {
        using var other = PartitionClaim.ClaimFree(1, [20, 19]);
        using var mine = PartitionClaim.ClaimFree(1, [other.Partitions[0], 19, 18]);

        Assert.NotEqual(other.Partitions[0], mine.Partitions[0]);
        Assert.True(mine.Automatic);
    }

    [Fact]
    public void ClaimFree_Released_CanBeTakenAgain()
    {
        int first;
        using (var claim = PartitionClaim.ClaimFree(1, [20, 19, 18]))
        {
            first = claim.Partitions[0];
            Assert.True(PartitionClaim.IsHeldElsewhere(first));
        }

        Assert.False(PartitionClaim.IsHeldElsewhere(first));
    }

    [Fact]
    public void ClaimFree_NoneFree_SetupErrorNamesFlagAndVariable()
    {
        using var other = PartitionClaim.ClaimFree(1, [20, 19, 18]);

        var ex = Assert.Throws<ScenarioSetupException>(() => PartitionClaim.ClaimFree(1, [other.Partitions[0]]));

        Assert.Contains("--partition", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AMTSIM_PARTITION", ex.Message, StringComparison.Ordinal);
    }

    private sealed class ClashingExecutor : IScenarioExecutor
    {
        public Task<RunObservation> ExecuteAsync(Scenario scenario, long seed, RunOptions options, CancellationToken cancellationToken)
            => Task.FromException<RunObservation>(new ScenarioSetupException("device 0 cannot listen on 127.1.0.1: AddressAlreadyInUse (address or port in use?)", new SocketException((int)SocketError.AddressAlreadyInUse)));
    }

    // issue 18
    [Fact]
    public async Task RunAsync_AddressInUse_ErrorNamesPartitionFlagAndVariable()
    {
        var result = await new ScenarioRunner(new ClashingExecutor()).RunAsync(new Scenario { Name = "x", File = "x.yaml" }, new RunOptions { Partition = 4 }, CancellationToken.None);

        Assert.Equal(Verdict.Error, result.Verdict);
        Assert.Contains("partition 4 is in use by another run", result.Error, StringComparison.Ordinal);
        Assert.Contains("--partition N or AMTSIM_PARTITION=N", result.Error, StringComparison.Ordinal);
    }
}
