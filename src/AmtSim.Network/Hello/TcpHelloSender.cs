using System.Net;
using System.Net.Sockets;
using AmtSim.Firmware.Boot;

namespace AmtSim.Network.Hello;

/// <summary>
/// Writes a hello the way a device does: TCP from the device's own address, write everything,
/// close (FIN). The server sends nothing back. After its FIN the sender keeps the socket until the
/// server closes its side too (at most <see cref="ServerCloseWait"/> of wall time): on the wire
/// this is the same exchange, and it tells a virtual-time run that the server has taken the hello
/// over before the device's work counts as done.
/// </summary>
public static class TcpHelloSender
{
    /// <summary>How long a connect and write may take before the attempt counts as timed out.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Wall-clock bound on waiting for the server to close after the hello was written.</summary>
    public static readonly TimeSpan ServerCloseWait = TimeSpan.FromSeconds(5);

    public static async Task<HelloDelivery> SendAsync(IPAddress from, IPEndPoint to, ReadOnlyMemory<byte> payload, TimeProvider time, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        using var socket = new Socket(to.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timer = time.CreateTimer(static s => ((CancellationTokenSource)s!).Cancel(), limit, timeout ?? DefaultTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            socket.Bind(new IPEndPoint(from, 0));
            await socket.ConnectAsync(to, limit.Token).ConfigureAwait(false);
            var written = 0;
            while (written < payload.Length)
            {
                written += await socket.SendAsync(payload[written..], SocketFlags.None, limit.Token).ConfigureAwait(false);
            }

            socket.Shutdown(SocketShutdown.Send);
            await WaitForServerCloseAsync(socket, cancellationToken).ConfigureAwait(false);
            return new HelloDelivery(HelloDeliveryOutcome.Delivered, written);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return new HelloDelivery(HelloDeliveryOutcome.Refused, 0, "connection refused");
        }
        catch (SocketException ex)
        {
            return new HelloDelivery(HelloDeliveryOutcome.Unreachable, 0, ex.SocketErrorCode.ToString());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HelloDelivery(HelloDeliveryOutcome.TimedOut, 0, "no connection in time");
        }
    }

    private static async Task WaitForServerCloseAsync(Socket socket, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(ServerCloseWait);
        var sink = new byte[256];
        try
        {
            while (await socket.ReceiveAsync(sink, SocketFlags.None, wait.Token).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException)
        {
            // The server kept the connection open, or reset it: the hello was delivered either way.
        }
    }
}
