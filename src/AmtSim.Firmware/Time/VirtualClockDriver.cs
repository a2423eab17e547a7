namespace AmtSim.Firmware.Time;

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
        while (true)
        {
            await work.WhenIdleAsync().WaitAsync(cancellationToken);
            if (stop?.Invoke() == true || !time.AdvanceToNextTimer(until))
            {
                break;
            }
        }

        if (time.GetUtcNow() < until && stop?.Invoke() != true)
        {
            time.Advance(until - time.GetUtcNow());
            await work.WhenIdleAsync().WaitAsync(cancellationToken);
        }

        return time.GetUtcNow();
    }
}
