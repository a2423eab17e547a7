using Microsoft.Extensions.Logging;

namespace AmtSim.Firmware.Cira;

internal static partial class Log
{
    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Device {DeviceUuid} CIRA agent started ({Knobs})")]
    public static partial void Started(ILogger logger, Guid deviceUuid, CiraOptions knobs);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Information, Message = "Device {DeviceUuid} CIRA {From} -> {To}: {Detail}")]
    public static partial void Transition(ILogger logger, Guid deviceUuid, CiraStatus from, CiraStatus to, string detail);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Debug, Message = "Device {DeviceUuid} CIRA channel {Channel} to port {Port} from {Source}: {What}")]
    public static partial void Channel(ILogger logger, Guid deviceUuid, uint channel, uint port, string source, string what);

    [LoggerMessage(EventId = 2304, Level = LogLevel.Error, Message = "Device {DeviceUuid} CIRA agent failed")]
    public static partial void Failed(ILogger logger, Guid deviceUuid, Exception exception);

    [LoggerMessage(EventId = 2305, Level = LogLevel.Information, Message = "Device {DeviceUuid} CIRA periodic trigger armed for {Target} ({Policy} policy): first dial in {Seconds}s")]
    public static partial void FirstDialScheduled(ILogger logger, Guid deviceUuid, string target, string policy, double seconds);

    // Highest id: 2305
}
