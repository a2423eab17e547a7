using System.Net.Sockets;
using AmtSim.Runtime.Time;

namespace AmtSim.Provisioning.Connect;

/// <summary>
/// The socket under a server's TLS session to a device. Closing it sends FIN and then waits, as
/// tracked work, until the device closes its side too (it does so once it has seen the FIN and
/// audited the end of the connection). Without this the virtual clock could jump between the
/// server's close and the device noticing it, and the device's idle timer (120 s) would fire in
/// that gap: "closed: TimedOut" on a loaded machine and "closed: ClientClosed" on an idle one,
/// for the same seed (issue 18 item 9). A device that never closes is let go after
/// <see cref="DrainLimit"/> of real time, a safety net the simulated devices never reach.
/// </summary>
internal sealed class DrainOnCloseStream(Socket connection, WorkTracker work) : NetworkStream(connection, ownsSocket: false)
{
    /// <summary>Real time a closing connection waits at most for the device's own close.</summary>
    public static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(30);

    private int _disposed;

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            var scope = work.Begin();
            _ = DrainAsync(scope);
        }

        base.Dispose(disposing);
    }

    private async Task DrainAsync(WorkTracker.Scope scope)
    {
        try
        {
            try
            {
                Socket.Shutdown(SocketShutdown.Send);
                using var limit = new CancellationTokenSource(DrainLimit);
                var sink = new byte[512];
                while (await Socket.ReceiveAsync(sink, SocketFlags.None, limit.Token).ConfigureAwait(false) > 0)
                {
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // Reset, already closed, or the device kept it open past the limit: closed either way.
            }
        }
        finally
        {
            Socket.Dispose();
            scope.Dispose();
        }
    }
}
