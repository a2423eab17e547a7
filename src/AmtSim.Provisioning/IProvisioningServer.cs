using System.Net;

namespace AmtSim.Provisioning;

/// <summary>
/// Anything that provisions simulated devices: it receives their hellos and/or drives them over
/// TLS and WS-Man. The built-in SCCM 2007 out-of-band service point is one; an external program
/// run through the external-process adapter is another.
/// </summary>
public interface IProvisioningServer : IAsyncDisposable
{
    /// <summary>Short name for reports ("sccm-oob-service-point", "meshcentral", ...).</summary>
    string Name { get; }

    /// <summary>Where devices send their hellos (the server's own address and hello port).</summary>
    IPEndPoint HelloEndPoint { get; }

    Task StartAsync(CancellationToken cancellationToken);

    Task StopAsync();

    /// <summary>The server's log as lines, in order (amtopmgr.log for the service point, the program's output for external servers).</summary>
    IReadOnlyList<string> LogLines { get; }
}
