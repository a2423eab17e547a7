using AmtSim.Benchmarks.Faults;
using AmtSim.Runtime.Faults;
using AmtSim.Scenarios.Model;
using AmtSim.Scenarios.World.Faults;
using AmtSim.Testing.Fixtures;
using Xunit;

namespace AmtSim.Benchmarks.Tests.Faults;

/// <summary>
/// Issue 17 item 5: each fault kind at a representative set of steps, on a small fleet on the
/// virtual clock with real sockets: the faulted devices end in a named state with the expected
/// reason, every device is in the observation, the world ends, and the rest of the fleet provisions.
/// The full matrix is <c>amtsim bench faults</c> (docs/faults.md).
/// </summary>
public class FaultMatrixTests
{
    // Partition 10 belongs to the benchmarks (docs/ARCHITECTURE.md, "In tests").
    private static readonly FaultMatrixOptions Small = new()
    {
        Devices = 12,
        PerCell = 1,
        Partition = 24,
        WorkDirectory = Path.Combine(Path.GetTempPath(), "amtsim-fault-matrix-tests"),

        // A safety net so that a regression shows as a failed cell ("hung") instead of a stuck test run; not a timing assertion.
        WorldLimit = TimeSpan.FromMinutes(3),
    };

    private static Task<IReadOnlyList<FaultCellResult>> Run(string step)
        => new FaultMatrix(RepoFixtures.PkiDirectory).RunStepAsync(step, Small, CancellationToken.None);

    [Theory]
    [InlineData(FaultPoints.Dhcp, DeviceReasons.NoLease)]
    [InlineData(FaultPoints.Dns, DeviceReasons.NoProvisioningServer)]
    [InlineData("Hello", DeviceReasons.HelloUnreadable)]
    [InlineData("TlsHandshake", DeviceReasons.HandshakeFailed)]
    [InlineData("GetGeneralSettings", DeviceReasons.SetupFailed)]
    [InlineData("GeneratePkcs10Request", DeviceReasons.SetupFailed)]
    [InlineData("CaRequest", DeviceReasons.CaUnavailable)]
    [InlineData("CommitChanges", DeviceReasons.SetupFailed)]
    public async Task Step_EveryFaultThatAppliesThere_FaultedDevicesEndWithTheReasonAndTheRestProvision(string step, string reason)
    {
        var cells = await Run(step);

        Assert.Equal(FaultPoints.At(step).Count, cells.Count);
        foreach (var cell in cells)
        {
            var what = $"{step} {cell.Kind} on the {cell.Side} ({cell.Detail})";
            Assert.True(cell.Ended, what);
            Assert.True(cell.Applied, what);
            Assert.True(cell.NothingLost, what);
            var end = Assert.Single(cell.EndStates);
            if (step == "CommitChanges" && cell.Side == FaultSide.Answer)
            {
                // The device committed; only its answer was lost.
                Assert.Equal("post/" + DeviceReasons.CommitUnconfirmed, end.Key);
            }
            else
            {
                Assert.EndsWith("/" + reason, end.Key, StringComparison.Ordinal);
                Assert.False(end.Key.StartsWith("post/", StringComparison.Ordinal), what);
            }

            Assert.Equal(cell.Rest, cell.RestProvisioned);
        }
    }

    [Fact]
    public async Task WsmanStep_EachKind_NamesWhatHappenedInTheReport()
    {
        var cells = await Run("GetLowAccuracyTime");

        string Detail(FaultKind kind, FaultSide side) => cells.Single(c => c.Kind == kind && c.Side == side).Detail;
        Assert.Contains("no answer within 60 s", Detail(FaultKind.Stall, FaultSide.Answer), StringComparison.Ordinal);
        Assert.Contains("HTTP 500", Detail(FaultKind.ServerError, FaultSide.Answer), StringComparison.Ordinal);
        Assert.Contains("SOAP fault", Detail(FaultKind.SoapFault, FaultSide.Answer), StringComparison.Ordinal);
        Assert.Contains("HTTP 400", Detail(FaultKind.Garbage, FaultSide.Request), StringComparison.Ordinal);
        Assert.All(cells, c => Assert.StartsWith("stopped at GetLowAccuracyTime:", c.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SameSeed_SameFaultedDevicesAndOutcomes()
    {
        var first = await Run("SetAdminAclEntry");
        var second = await Run("SetAdminAclEntry");

        Assert.All(first, c => Assert.True(c.Ended && c.Applied && c.NothingLost, c.Detail));
        Assert.Equal(first.Select(c => (c.Kind, c.Side, string.Join(",", c.Devices), string.Join(",", c.EndStates), c.Detail)),
            second.Select(c => (c.Kind, c.Side, string.Join(",", c.Devices), string.Join(",", c.EndStates), c.Detail)));
    }
}
