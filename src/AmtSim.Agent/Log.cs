using Microsoft.Extensions.Logging;

namespace AmtSim.Agent;

/// <summary>The agent's diagnostics. Block 5000-5099 (docs/ARCHITECTURE.md).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Debug, Message = "Device {DeviceUuid}: connecting to RPS at {Url}")]
    public static partial void Connecting(ILogger logger, Guid deviceUuid, Uri url);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Device {DeviceUuid}: RPS ended with {Method}: {Text}")]
    public static partial void Final(ILogger logger, Guid deviceUuid, string method, string text);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Debug, Message = "Device {DeviceUuid}: ignored a message with method '{Method}'")]
    public static partial void Ignored(ILogger logger, Guid deviceUuid, string method);

    // Highest id: 5002
}
