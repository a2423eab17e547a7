using System.Net;
using AmtSim.Provisioning.Sccm.Steps;
using Microsoft.Extensions.Logging;

namespace AmtSim.Provisioning;

/// <summary>The provisioning servers' own diagnostics (amtopmgr.log, the product's log, is separate: <c>Sccm/Log</c>).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Service point {Fqdn} listening for hellos on {EndPoint}")]
    public static partial void Listening(ILogger logger, string fqdn, IPEndPoint endPoint);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "Hello from {DeviceUuid} at {Peer}")]
    public static partial void HelloAccepted(ILogger logger, Guid deviceUuid, IPAddress peer);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Provisioned {DeviceUuid} ({Fqdn})")]
    public static partial void Provisioned(ILogger logger, Guid deviceUuid, string? fqdn);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Provisioning of {DeviceUuid} ({Fqdn}) stopped at {Step}: {Detail}")]
    public static partial void ProvisioningStopped(ILogger logger, Guid deviceUuid, string? fqdn, ProvisioningStep step, string detail);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Error, Message = "Provisioning of {DeviceUuid} failed unexpectedly at {Step}")]
    public static partial void ProvisioningFailedUnexpectedly(ILogger logger, Guid deviceUuid, ProvisioningStep step, Exception exception);

    // Block 4000-4099 (docs/ARCHITECTURE.md); highest id: 4005
}
