namespace AmtSim.Runtime.Time;

/// <summary>
/// Runs a simulation on virtual time: waits until no work is in flight, then moves the clock to
/// the next timer, until the end time or until nothing is left to happen. A 24-hour hello
/// schedule with 20-second retries completes as fast as the real work allows.
/// </summary>
public static class VirtualClockDriver
{
    /// <summary>Drives <paramref name="time"/> until <paramref name="until"/>, or until <paramref name="stop"/> says so; returns the virtual time reached.</summary>
    public static async Task<DateTimeOffset> RunAsync(VirtualTimeProvider time, WorkTracker work, DateTimeOffset until, Func<bool>? stop = null, CancellationToken cancellationToken = default)
    {
        // The idleness seen by WhenIdleAsync is checked again under the clock's lock before each
        // move: work that began in between (a peer outside the tracker connecting, say) makes the
        // driver wait for idle again instead of jumping past that work's fresh timers.
        Func<bool> idle = () => work.InFlight == 0;
        while (true)
        {
            await work.WhenIdleAsync().WaitAsync(cancellationToken);
            if (stop?.Invoke() == true)
            {
                return time.GetUtcNow();
            }

            using (Profiling.PhaseProfiler.Enter(Profiling.ProfilePhase.VirtualClock))
            {
                if (time.AdvanceToNextTimer(until, idle))
                {
                    continue;
                }

                if (time.GetUtcNow() >= until || time.TryAdvanceTo(until, idle))
                {
                    break;
                }
            }
        }

        await work.WhenIdleAsync().WaitAsync(cancellationToken);
        return time.GetUtcNow();
    }

    /// <summary>How often <see cref="FollowWallClockAsync"/> moves the clock by default. [I]</summary>
    public static readonly TimeSpan DefaultFollowStep = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Moves <paramref name="time"/> at the pace of <paramref name="wall"/> until cancelled: every
    /// <paramref name="step"/> of wall time, by the wall time that passed, firing the timers that fall
    /// due on the way, in order. For the part of a run where a program outside the tracker works in
    /// real time (a third-party server after the devices' virtual schedule): the devices' own timers
    /// (a CIRA trigger, keep-alives, redials) then fire as they would next to that program, instead of
    /// standing still. Work in flight does not hold the clock here: the program it waits on does not wait either.
    /// </summary>
    public static async Task FollowWallClockAsync(VirtualTimeProvider time, TimeProvider wall, TimeSpan step, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(step, TimeSpan.Zero);
        var last = wall.GetTimestamp();
        try
        {
            while (true)
            {
                await Task.Delay(step, wall, cancellationToken);
                var now = wall.GetTimestamp();
                time.Advance(wall.GetElapsedTime(last, now));
                last = now;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
