using System.Globalization;
using System.Text;

namespace AmtSim.Provisioning.Sccm.Log;

/// <summary>How amtopmgr.log lines are written (amt-reference.md §2).</summary>
public enum LogFormat
{
    /// <summary>ConfigMgr 2012+ / CMTrace: <c>&lt;![LOG[message]LOG]!&gt;&lt;time="..." date="..." component="..." .../&gt;</c>.</summary>
    CmTrace,

    /// <summary>SCCM 2007 raw files: <c>message  $$&lt;component&gt;&lt;MM-dd-yyyy HH:mm:ss.fff+TZ&gt;&lt;thread=N (0xN)&gt;</c>.</summary>
    Sccm2007,

    /// <summary>The log viewer's columns as people paste them (the seeds): message, component, date time, thread <c>2880 (0x0B40)</c>, tab-separated.</summary>
    ViewerColumns,
}

/// <summary>One written line of amtopmgr.log.</summary>
/// <param name="Subject">What the line is about (a device UUID, or "" for the service point itself); orders lines written at the same instant.</param>
/// <param name="Sequence">Order of writing.</param>
public sealed record AmtOpMgrEntry(DateTimeOffset At, int Thread, AmtOpMgrMessage Message, string Text, string Subject, long Sequence);

/// <summary>
/// The service point's amtopmgr.log: an in-memory, ordered record of every line (what scenarios
/// assert on) that renders in any <see cref="LogFormat"/>. Time comes from the run's TimeProvider.
/// Lines are ordered by time, then by subject, then by writing order: under a virtual clock every
/// line of one instant has the same time, so devices worked on concurrently still give the same
/// log on every run with the same seed (each device's own lines keep their order).
/// </summary>
public sealed class AmtOpMgrLog(TimeProvider time, TimeSpan? utcOffset = null)
{
    private readonly Lock _gate = new();
    private readonly List<AmtOpMgrEntry> _entries = [];
    private readonly TimeSpan _utcOffset = utcOffset ?? TimeSpan.Zero;
    private long _sequence;

    /// <summary>Raised after a line is recorded (reports stream from it).</summary>
    public event Action<AmtOpMgrEntry>? LineWritten;

    public AmtOpMgrEntry Write(int thread, AmtOpMgrMessage message, params object[] values)
        => WriteAbout("", thread, message, values);

    /// <summary>Writes a line about <paramref name="subject"/> (a device UUID).</summary>
    public AmtOpMgrEntry WriteAbout(string subject, int thread, AmtOpMgrMessage message, params object[] values)
    {
        var text = message.Render(values);
        AmtOpMgrEntry entry;
        lock (_gate)
        {
            entry = new AmtOpMgrEntry(time.GetUtcNow().ToOffset(_utcOffset), thread, message, text, subject, _sequence++);
            _entries.Add(entry);
        }

        LineWritten?.Invoke(entry);
        return entry;
    }

    public IReadOnlyList<AmtOpMgrEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries.OrderBy(e => e.At).ThenBy(e => e.Subject, StringComparer.Ordinal).ThenBy(e => e.Sequence)];
            }
        }
    }

    /// <summary>The message texts only, in order.</summary>
    public IReadOnlyList<string> Lines => [.. Entries.Select(e => e.Text)];

    public string Render(LogFormat format)
    {
        var sb = new StringBuilder();
        foreach (var e in Entries)
        {
            sb.Append(FormatLine(e, format)).Append("\r\n");
        }

        return sb.ToString();
    }

    public static string FormatLine(AmtOpMgrEntry e, LogFormat format)
    {
        var c = CultureInfo.InvariantCulture;
        var biasMinutes = (int)e.At.Offset.TotalMinutes;
        var bias = biasMinutes >= 0 ? "+" + biasMinutes.ToString("000", c) : "-" + (-biasMinutes).ToString("000", c);
        return format switch
        {
            LogFormat.CmTrace =>
                $"<![LOG[{e.Text}]LOG]!><time=\"{e.At.ToString("HH:mm:ss.fff", c)}{bias}\" date=\"{e.At.ToString("MM-dd-yyyy", c)}\" component=\"{AmtOpMgrMessages.Component}\" context=\"\" type=\"{(int)e.Message.Severity}\" thread=\"{e.Thread}\" file=\"amtopmgr.cpp\">",
            LogFormat.Sccm2007 =>
                $"{e.Text}  $$<{AmtOpMgrMessages.Component}><{e.At.ToString("MM-dd-yyyy HH:mm:ss.fff", c)}{bias}><thread={e.Thread} (0x{e.Thread.ToString("X", c)})>",
            LogFormat.ViewerColumns =>
                $"{e.Text}\t{AmtOpMgrMessages.Component}\t{e.At.ToString("M/d/yyyy h:mm:ss tt", c)}\t{e.Thread} (0x{e.Thread.ToString("X4", c)})",
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown log format"),
        };
    }
}
