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

    /// <summary>
    /// Parks the caller's unit of work until <paramref name="cancellationToken"/> is cancelled: for a
    /// wait that only a timeout can end (an injected stall). The count drops for the wait and comes
    /// back synchronously inside the cancellation callback (the timeout's timer), so the clock can
    /// move to that timeout and nothing runs in between. The returned task is cancelled then.
    /// The caller must hold a <see cref="Begin"/> scope around this call; the token must be cancellable.
    /// </summary>
    public Task ParkUntilCancelledAsync(CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            throw new ArgumentException("a park needs a token something will cancel (a timeout)", nameof(cancellationToken));
        }

        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Decrement();
        cancellationToken.Register(() =>
        {
            Increment();
            tcs.TrySetCanceled(cancellationToken);
        });
        return tcs.Task;
    }

    /// <summary>
    /// Parks the caller's unit of work while it awaits <paramref name="wait"/>, a read from a peer that
    /// holds its own work until this side answers (a hello's sender keeps its work until the service
    /// point closes): the peer's work covers the wait, and a peer that stalls parks its own, so the
    /// clock can reach the timeouts that end a stall.
    /// </summary>
    public async ValueTask<T> ParkWhileAsync<T>(ValueTask<T> wait)
    {
        Decrement();
        try
        {
            return await wait.ConfigureAwait(false);
        }
        finally
        {
            Increment();
        }
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
