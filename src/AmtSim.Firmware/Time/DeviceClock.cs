namespace AmtSim.Firmware.Time;

/// <summary>A device's clock: the run's <see cref="TimeProvider"/> plus a skew (the clock-skew knob).</summary>
public sealed class DeviceClock(TimeProvider time, TimeSpan offset = default)
{
    public TimeProvider Time { get; } = time;

    /// <summary>How far the device's clock is ahead (positive) or behind (negative) of the run's clock.</summary>
    public TimeSpan Offset { get; set; } = offset;

    public DateTimeOffset Now => Time.GetUtcNow() + Offset;
}
