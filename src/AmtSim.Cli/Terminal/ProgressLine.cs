using System.Globalization;

namespace AmtSim.Cli.Terminal;

/// <summary>
/// Progress of a long command on standard error (standard output stays the result, text or
/// <c>--json</c>): done/total, the rate per second and the time left at that rate. On a terminal
/// one line redrawn in place (at most every 200 ms); otherwise a line at each quarter, so a CI log
/// shows the command is alive without a line per item. Wall clock only: this is what the user sees,
/// nothing a run's result depends on.
/// </summary>
internal sealed class ProgressLine : IProgress<(int Done, int Total)>
{
    private readonly string _what;
    private readonly TextWriter _output;
    private readonly bool _live;
    private readonly TimeProvider _clock;
    private long _started;
    private int _total = -1;
    private int _lastDone;
    private readonly Lock _gate = new();
    private long _lastDrawn;
    private int _lastQuarter = -1;
    private bool _drawn;

    public ProgressLine(string what, TextWriter? output = null, bool? live = null, TimeProvider? clock = null)
    {
        _what = what;
        _output = output ?? Console.Error;
        _live = live ?? Terminal.StderrLive;
        _clock = clock ?? TimeProvider.System;
        _started = _clock.GetTimestamp();
    }

    public void Report((int Done, int Total) value)
    {
        lock (_gate)
        {
            var (done, total) = value;
            if (total <= 0)
            {
                return;
            }

            var now = _clock.GetTimestamp();
            if (_total >= 0 && (total != _total || (done < _lastDone && NextItem(done, _lastDone, _total))))
            {
                // Another item (the next scenario's fleet): its own rate and estimate.
                (_started, _lastQuarter, _drawn) = (now, -1, false);
            }
            else if (done < _lastDone)
            {
                // Counted on several threads, reported out of order: the later count is already shown.
                return;
            }

            _total = total;

            _lastDone = done;
            var quarter = (int)(4L * done / total);
            var finished = done >= total;
            if (_live ? !finished && _drawn && _clock.GetElapsedTime(_lastDrawn, now) < TimeSpan.FromMilliseconds(200) : quarter == _lastQuarter)
            {
                return;
            }

            _lastDrawn = now;
            _lastQuarter = quarter;
            _drawn = true;
            var line = Describe(_what, done, total, _clock.GetElapsedTime(_started, now));
            _output.Write(_live ? "\r" + line.PadRight(78) + (finished ? "\n" : "") : line + "\n");
            _output.Flush();
        }
    }

    /// <summary>
    /// A lower count than the last one is the next item of the same size when the last one finished,
    /// or when it is far behind: a count reported late by another thread is only a few behind (the
    /// first two devices of a fleet finish together and may report 2 before 1).
    /// </summary>
    private static bool NextItem(int done, int lastDone, int total)
        => lastDone >= total || (done * 2 <= lastDone && lastDone - done >= LateReportsAtMost);

    /// <summary>How far behind a late report from a concurrent thread can plausibly be.</summary>
    private const int LateReportsAtMost = 64;

    /// <summary>"bench: 1200/2000 devices, 312/s, about 3 s left".</summary>
    internal static string Describe(string what, int done, int total, TimeSpan elapsed)
    {
        var c = CultureInfo.InvariantCulture;
        if (done < total && (elapsed < TimeSpan.FromMilliseconds(500) || done * 100L < total))
        {
            // Too early for a rate: one item in no time would read as thousands per second, and
            // the first of a fleet that boots all at once finishes after seconds, which would read
            // as hours left. A rate needs half a second and 1 % of the items.
            return string.Create(c, $"{what}: {done}/{total}, estimating");
        }

        var seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        var rate = done / seconds;
        var left = done >= total ? "done" : rate > 0 ? $"about {FormatDuration(TimeSpan.FromSeconds((total - done) / rate))} left" : "estimating";
        return string.Create(c, $"{what}: {done}/{total}, {rate:0.#}/s, {left}");
    }

    private static string FormatDuration(TimeSpan t) => t.TotalSeconds < 60
        ? string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(t.TotalSeconds):0} s")
        : string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes} min {t.Seconds} s");
}
