using AmtSim.Runtime.Time;
using Xunit;

namespace AmtSim.Runtime.Tests.Time;

public class WorkTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RunAsync_RetryLoopWithTwentySecondWaits_FinishesAtTheVirtualTimeItNeeds()
    {
        var time = new VirtualTimeProvider(T0);
        var work = new WorkTracker();
        var attempts = new List<DateTimeOffset>();

        async Task RetryLoop()
        {
            using var scope = work.Begin();
            for (var i = 1; i <= 5; i++)
            {
                attempts.Add(time.GetUtcNow());
                await Task.Yield();
                if (i < 5)
                {
                    await work.DelayAsync(TimeSpan.FromSeconds(20), time);
                }
            }
        }

        var loop = RetryLoop();
        await VirtualClockDriver.RunAsync(time, work, T0.AddHours(1), stop: () => loop.IsCompleted);
        await loop;

        Assert.Equal([T0, T0.AddSeconds(20), T0.AddSeconds(40), T0.AddSeconds(60), T0.AddSeconds(80)], attempts);
        Assert.Equal(0, work.InFlight);
    }

    [Fact]
    public async Task RunAsync_WorkInFlight_DoesNotAdvanceUntilItEnds()
    {
        var time = new VirtualTimeProvider(T0);
        var work = new WorkTracker();
        var fired = new List<DateTimeOffset>();
        using var periodic = time.CreateTimer(_ => fired.Add(time.GetUtcNow()), null, TimeSpan.FromHours(1), TimeSpan.FromHours(1));
        var scope = work.Begin();

        var run = VirtualClockDriver.RunAsync(time, work, T0.AddHours(3));
        await Task.Yield();

        Assert.False(run.IsCompleted);
        Assert.Empty(fired);
        scope.Dispose();
        await run;
        Assert.Equal([T0.AddHours(1), T0.AddHours(2), T0.AddHours(3)], fired);
    }

    [Fact]
    public async Task ParkUntilCancelled_StallWithAVirtualTimeout_ClockMovesToTheTimeoutAndTheWorkComesBack()
    {
        // Issue 17 item 5: a stalled exchange is decided on the virtual clock, not on a wall-clock cap.
        var time = new VirtualTimeProvider(T0);
        var work = new WorkTracker();
        DateTimeOffset? gaveUpAt = null;

        async Task Stalled()
        {
            using var scope = work.Begin();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60), time);
            try
            {
                await work.ParkUntilCancelledAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Equal(1, work.InFlight);
                gaveUpAt = time.GetUtcNow();
            }
        }

        var stalled = Stalled();
        await VirtualClockDriver.RunAsync(time, work, T0.AddHours(1), stop: () => stalled.IsCompleted);
        await stalled;

        Assert.Equal(T0.AddSeconds(60), gaveUpAt);
        Assert.Equal(0, work.InFlight);
    }

    [Fact]
    public void ParkUntilCancelled_TokenThatCannotBeCancelled_Throws()
    {
        var work = new WorkTracker();
        using var scope = work.Begin();
        Assert.Throws<ArgumentException>(() => { _ = work.ParkUntilCancelledAsync(CancellationToken.None); });
    }

    [Fact]
    public void End_WithoutBegin_Throws()
    {
        var work = new WorkTracker();

        Assert.Throws<InvalidOperationException>(() => new WorkTracker.Scope(work).Dispose());
    }
}
