namespace AmtSim.Runtime.Time;

/// <summary>
/// Counts work in flight across devices and servers so that a virtual clock is advanced only
/// when everything is waiting on time, never while a handshake or a WS-Man call is under way.
/// Components bracket their asynchronous work with <see cref="Begin"/>; waits on the clock go
/// through <see cref="DelayAsync"/>, which gives the work back while waiting and takes it again
/// inside the timer callback, so there is no moment where the work is invisible.
/// </summary>
public sealed class WorkTracker
{
    private readonly Lock _gate = new();
    private int _inFlight;
    private TaskCompletionSource _idle = NewIdle(completed: true);

    /// <summary>A tracker that counts nothing (real-time runs).</summary>
    public static WorkTracker None { get; } = new() { Disabled = true };

    private bool Disabled { get; init; }

    public int InFlight
    {
        get { lock (_gate) { return _inFlight; } }
    }

    /// <summary>Marks one unit of work as started; dispose the result when it ends.</summary>
    public Scope Begin()
    {
        Increment();
        return new Scope(this);
    }

    /// <summary>
    /// Waits <paramref name="delay"/> on <paramref name="time"/> while the caller's unit of work is
    /// parked: the count drops for the wait and comes back synchronously when the timer fires.
    /// The caller must hold a <see cref="Begin"/> scope around this call.
    /// </summary>
    public Task DelayAsync(TimeSpan delay, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ITimer? timer = null;
        timer = time.CreateTimer(_ =>
        {
            Increment();
            timer?.Dispose();
            if (!tcs.TrySetResult())
            {
                Decrement();
            }
        }, null, delay, Timeout.InfiniteTimeSpan);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                timer.Dispose();
                if (tcs.TrySetCanceled(cancellationToken))
                {
                    Increment();
                }
            });
        }

        Decrement();
        return tcs.Task;
    }

    /// <summary>Completes when no work is in flight.</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            return _idle.Task;
        }
    }

    private void Increment()
    {
        if (Disabled)
        {
            return;
        }

        lock (_gate)
        {
            if (_inFlight++ == 0)
            {
                _idle = NewIdle(completed: false);
            }
        }
    }

    private void Decrement()
    {
        if (Disabled)
        {
            return;
        }

        TaskCompletionSource? idle = null;
        lock (_gate)
        {
            if (_inFlight == 0)
            {
                throw new InvalidOperationException("work tracker: more ends than begins");
            }

            if (--_inFlight == 0)
            {
                idle = _idle;
            }
        }

        idle?.TrySetResult();
    }

    private static TaskCompletionSource NewIdle(bool completed)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            tcs.SetResult();
        }

        return tcs;
    }

    public readonly struct Scope(WorkTracker owner) : IDisposable
    {
        public void Dispose() => owner.Decrement();
    }
}
