namespace AmtSim.Runtime.Time;

/// <summary>
/// A clock that only moves when told to. Scenarios run on it by default (a 24-hour hello
/// schedule finishes in milliseconds) and tests use it instead of sleeping. Timers fire
/// in due-time order, synchronously, inside <see cref="Advance"/>.
/// </summary>
public sealed class VirtualTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    /// <summary>Armed timers in firing order (due time, then arming order): thousands of devices arm and re-arm them, so O(log n).</summary>
    private readonly SortedSet<VirtualTimer> _timers = new(FiringOrder.Instance);
    private long _nowUtcTicks;
    private long _sequence;

    public VirtualTimeProvider(DateTimeOffset start) => _nowUtcTicks = start.UtcTicks;

    /// <summary>
    /// The current virtual time. Read without the lock (thousands of devices ask for it at once);
    /// it only changes under the lock, inside <see cref="Advance"/>.
    /// </summary>
    private DateTimeOffset CurrentTime
    {
        get => new(Volatile.Read(ref _nowUtcTicks), TimeSpan.Zero);
        set => Volatile.Write(ref _nowUtcTicks, value.UtcTicks);
    }

    public override DateTimeOffset GetUtcNow() => CurrentTime;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Moves the clock forward, firing every timer that falls due on the way, in order.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = CurrentTime + delta;
        }

        while (true)
        {
            VirtualTimer? next;
            lock (_gate)
            {
                next = _timers.Min is { } first && first.DueAt <= target ? first : null;
                if (next is null)
                {
                    CurrentTime = target;
                    return;
                }

                if (next.DueAt > CurrentTime)
                {
                    CurrentTime = next.DueAt;
                }

                next.Reschedule();
            }

            next.Fire();
        }
    }

    /// <summary>
    /// Moves the clock to the next timer's due time (if any before <paramref name="limit"/>) and
    /// fires it; with <paramref name="mayAdvance"/>, only if that holds, checked under the clock's
    /// lock: no timer can be armed between the check and the move, so work that starts at that
    /// moment arms its timers from the new time, never from the old one (a timer armed just before
    /// a jump would fire at once).
    /// Returns true when a timer was due before the limit (moved or not: call again when idle).
    /// </summary>
    public bool AdvanceToNextTimer(DateTimeOffset limit, Func<bool>? mayAdvance = null)
    {
        lock (_gate)
        {
            var due = NextDue();
            if (due is null || due > limit)
            {
                return false;
            }

            if (mayAdvance?.Invoke() == false)
            {
                return true;
            }

            if (due > CurrentTime)
            {
                CurrentTime = due.Value;
            }
        }

        Advance(TimeSpan.Zero);
        return true;
    }

    /// <summary>
    /// Moves the clock to <paramref name="target"/> when no timer falls due before it and
    /// <paramref name="mayAdvance"/> holds (checked under the clock's lock); false otherwise.
    /// </summary>
    public bool TryAdvanceTo(DateTimeOffset target, Func<bool>? mayAdvance)
    {
        lock (_gate)
        {
            if (NextDue() is { } due && due <= target)
            {
                return false;
            }

            if (mayAdvance?.Invoke() == false)
            {
                return false;
            }

            if (target > CurrentTime)
            {
                CurrentTime = target;
            }

            return true;
        }
    }

    private DateTimeOffset? NextDue() => _timers.Min?.DueAt;

    private sealed class FiringOrder : IComparer<VirtualTimer>
    {
        public static readonly FiringOrder Instance = new();

        public int Compare(VirtualTimer? x, VirtualTimer? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x is null || y is null)
            {
                return x is null ? -1 : 1;
            }

            var byDue = x.DueAt.UtcTicks.CompareTo(y.DueAt.UtcTicks);
            return byDue != 0 ? byDue : x.Sequence.CompareTo(y.Sequence);
        }
    }

    /// <summary>Number of armed timers (for tests and the scenario runner's idle detection).</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class VirtualTimer(VirtualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period;

        public DateTimeOffset DueAt { get; private set; }
        public long Sequence { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                owner._timers.Remove(this);
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return true;
                }

                DueAt = owner.CurrentTime + dueTime;
                Sequence = owner._sequence++;
                _period = period;
                owner._timers.Add(this);
                return true;
            }
        }

        /// <summary>Called under the owner's lock before firing: re-arms a periodic timer or removes a one-shot.</summary>
        public void Reschedule()
        {
            owner._timers.Remove(this);
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
            {
                DueAt += _period;
                Sequence = owner._sequence++;
                owner._timers.Add(this);
            }
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
