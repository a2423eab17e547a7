namespace AmtSim.Firmware.Boot;

/// <summary>
/// When a device in setup mode sends its hellos, as offsets from the first one. SCCM 2007 docs:
/// once a minute for 5 minutes, every 5 minutes for an hour, then hourly for 23 hours (about
/// 24 h, 40 hellos) (amt-reference.md §1.2). [C] With a window longer than 24 h (the SDK allows
/// 255 h) the device keeps the hourly pace until the window ends. [I]
/// </summary>
public static class HelloSchedule
{
    public const int MinutePhaseAttempts = 5;
    public const int FiveMinutePhaseAttempts = 12;
    public const int HourlyPhaseAttempts = 23;

    /// <summary>Offsets of every attempt that falls within <paramref name="window"/> (inclusive), in order.</summary>
    public static IEnumerable<TimeSpan> Offsets(TimeSpan window)
    {
        for (var i = 0; ; i++)
        {
            var offset = OffsetOf(i);
            if (offset > window)
            {
                yield break;
            }

            yield return offset;
        }
    }

    /// <summary>
    /// Offset of attempt <paramref name="index"/> (0-based): 0..4 min, then 5..60 min every 5, then
    /// 2 h..24 h hourly, then hourly on.
    /// </summary>
    public static TimeSpan OffsetOf(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (index < MinutePhaseAttempts)
        {
            return TimeSpan.FromMinutes(index);
        }

        index -= MinutePhaseAttempts;
        if (index < FiveMinutePhaseAttempts)
        {
            return TimeSpan.FromMinutes(5 * (index + 1));
        }

        index -= FiveMinutePhaseAttempts;
        return TimeSpan.FromHours(2 + index);
    }
}
