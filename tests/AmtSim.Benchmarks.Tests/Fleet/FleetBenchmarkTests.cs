using AmtSim.Benchmarks.Fleet;
using Xunit;

namespace AmtSim.Benchmarks.Tests.Fleet;

public class FleetBenchmarkTests
{
    [Fact]
    public void OpenFilesNeeded_TwoListenersPerDeviceFourPerProvisioningInFlight()
    {
        Assert.Equal((ulong)(1000 * 2 + 64 * 4 + 1024), FleetBenchmark.OpenFilesNeeded(1000, 64));
        Assert.Equal((ulong)(10 * 2 + 10 * 4 + 1024), FleetBenchmark.OpenFilesNeeded(10, 64));
        Assert.Equal((ulong)(100 * 2 + 100 * 4 + 1024), FleetBenchmark.OpenFilesNeeded(100, 0));
    }

    [Theory]
    [InlineData(1000, 64, 20000ul, 1)]
    [InlineData(10000, 64, 20000ul, 2)]
    [InlineData(10000, 64, 1048576ul, 1)]
    [InlineData(10000, 0, 20000ul, 4)]
    public void ProcessesNeeded_FitsEachProcessUnderTheHardLimit(int devices, int concurrency, ulong hardLimit, int expected)
        => Assert.Equal(expected, FleetBenchmark.ProcessesNeeded(devices, concurrency, hardLimit));

    [Theory]
    [InlineData(2000, 3000, 2500)]
    [InlineData(2000, 0, 2000)]
    [InlineData(0, 1500, 1500)]
    [InlineData(0, 0, 0)]
    public void MeanRate_OfBeforeAndAfter_OrTheOneMeasured(double before, double after, double expected)
        => Assert.Equal(expected, FleetBenchmark.MeanRate(before, after));

    [Fact]
    public void ProcessesNeeded_UnknownLimit_One()
        => Assert.Equal(1, FleetBenchmark.ProcessesNeeded(100000, 64, null));

    [Fact]
    public void ProcessesNeeded_LimitBelowTheRuntimesOwnNeeds_ThrowsWithTheLimit()
        => Assert.Contains("hard open-file limit of 1000", Assert.Throws<InvalidOperationException>(() => FleetBenchmark.ProcessesNeeded(10, 1, 1000)).Message);
}
