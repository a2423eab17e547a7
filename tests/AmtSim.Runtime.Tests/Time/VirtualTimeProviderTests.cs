using AmtSim.Runtime.Time;
using Xunit;

namespace AmtSim.Runtime.Tests.Time;

public class VirtualTimeProviderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AdvanceToNextTimer_GuardRefuses_ClockStaysAndTimerDoesNotFire()
    {
        var time = new VirtualTimeProvider(T0);
        var fired = 0;
        using var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);

        var due = time.AdvanceToNextTimer(T0.AddHours(1), mayAdvance: () => false);

        Assert.True(due);
        Assert.Equal(T0, time.GetUtcNow());
        Assert.Equal(0, fired);
    }

    [Fact]
    public void AdvanceToNextTimer_GuardHolds_MovesToTheTimerAndFiresIt()
    {
        var time = new VirtualTimeProvider(T0);
        var fired = new List<DateTimeOffset>();
        using var timer = time.CreateTimer(_ => fired.Add(time.GetUtcNow()), null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);

        Assert.True(time.AdvanceToNextTimer(T0.AddHours(1), mayAdvance: () => true));

        Assert.Equal([T0.AddSeconds(30)], fired);
    }

    [Fact]
    public void TryAdvanceTo_TimerDueBeforeTarget_DoesNotMove()
    {
        var time = new VirtualTimeProvider(T0);
        using var timer = time.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);

        Assert.False(time.TryAdvanceTo(T0.AddMinutes(1), mayAdvance: null));
        Assert.Equal(T0, time.GetUtcNow());
        Assert.True(time.TryAdvanceTo(T0.AddSeconds(10), mayAdvance: null));
        Assert.Equal(T0.AddSeconds(10), time.GetUtcNow());
        Assert.False(time.TryAdvanceTo(T0.AddSeconds(20), mayAdvance: () => false));
        Assert.Equal(T0.AddSeconds(10), time.GetUtcNow());
    }

    /// <summary>
    /// The race an external server exposed: the driver saw the world idle, then a connection
    /// arrived (work began, a 30-second handshake timer was armed) before the clock moved to
    /// the next timer, so the jump fired the brand-new handshake timer. Work that begins before
    /// the move must stop it.
    /// </summary>
    [Fact]
    public async Task Driver_WorkBeginsAfterIdleBeforeTheMove_FreshTimerIsNotFiredByTheJump()
    {
        var time = new VirtualTimeProvider(T0);
        var work = new WorkTracker();
        using var end = time.CreateTimer(_ => { }, null, TimeSpan.FromMinutes(5), Timeout.InfiniteTimeSpan);
        var handshakeTimedOut = false;
        WorkTracker.Scope? connection = null;
        ITimer? handshakeTimer = null;

        // The guard is where the driver decides to move; a connection arriving at that instant is
        // modelled by beginning work (and arming its timer) on the first idle check.
        var run = VirtualClockDriver.RunAsync(time, work, T0.AddMinutes(10), stop: () =>
        {
            if (connection is null)
            {
                connection = work.Begin();
                handshakeTimer = time.CreateTimer(_ => handshakeTimedOut = true, null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);
            }

            return false;
        });
        await Task.Yield();

        Assert.False(run.IsCompleted);
        Assert.Equal(T0, time.GetUtcNow());
        handshakeTimer!.Dispose();
        connection!.Value.Dispose();
        await run;
        Assert.False(handshakeTimedOut);
        Assert.Equal(T0.AddMinutes(10), time.GetUtcNow());
    }

    [Fact]
    public async Task FollowWallClock_WallMovesTenSeconds_ClockMovesTenSecondsAndFiresTheTimerDueThen()
    {
        var wall = new VirtualTimeProvider(T0.AddYears(1));
        var time = new VirtualTimeProvider(T0);
        var fired = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = time.CreateTimer(_ => fired.TrySetResult(time.GetUtcNow()), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
        using var stop = new CancellationTokenSource();
        var following = VirtualClockDriver.FollowWallClockAsync(time, wall, TimeSpan.FromSeconds(1), stop.Token);

        // The first wall-clock wait is armed before FollowWallClockAsync first yields.
        wall.Advance(TimeSpan.FromSeconds(10));
        var at = await fired.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await following;

        Assert.Equal(T0.AddSeconds(10), at);
    }

    [Fact]
    public void Advance_TimersDueTogether_FireInArmingOrderAndARearmedTimerGoesLast()
    {
        var time = new VirtualTimeProvider(T0);
        var fired = new List<string>();
        using var a = time.CreateTimer(_ => fired.Add("a"), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
        using var b = time.CreateTimer(_ => fired.Add("b"), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
        using var c = time.CreateTimer(_ => fired.Add("c"), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        using var d = time.CreateTimer(_ => fired.Add("d"), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
        a.Change(TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
        d.Dispose();

        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(["c", "b", "a"], fired);
        Assert.Equal(0, time.PendingTimers);
    }

    [Fact]
    public void Advance_PeriodicTimer_FiresEachPeriodAndStaysArmed()
    {
        var time = new VirtualTimeProvider(T0);
        var fired = new List<DateTimeOffset>();
        using var periodic = time.CreateTimer(_ => fired.Add(time.GetUtcNow()), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        time.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal([T0.AddSeconds(1), T0.AddSeconds(3), T0.AddSeconds(5)], fired);
        Assert.Equal(1, time.PendingTimers);
    }
}
