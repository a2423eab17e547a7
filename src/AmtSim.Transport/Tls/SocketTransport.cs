using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace AmtSim.Transport.Tls;

/// <summary>
/// A connected TCP socket as the ciphertext <see cref="IDuplexPipe"/> a <see cref="TlsConnection"/>
/// runs over. Completing the pipes leaves the socket open; <see cref="DisposeAsync"/> shuts it down.
/// </summary>
public sealed class SocketTransport : IDuplexPipe, IAsyncDisposable
{
    private const int ReceiveSize = 16 * 1024;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    public SocketTransport(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        Input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: ReceiveSize, minimumReadSize: 2048, leaveOpen: true));
        Output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    /// <summary>Connects from <paramref name="localAddress"/> (when given, e.g. a server's own 127.x address) to <paramref name="remote"/>.</summary>
    public static async Task<SocketTransport> ConnectAsync(IPEndPoint remote, IPAddress? localAddress, CancellationToken cancellationToken)
        => new(await ConnectSocketAsync(remote, localAddress, cancellationToken));

    /// <summary>The connected TCP socket alone (no-delay, bound to <paramref name="localAddress"/> when given), for a caller that puts its own stream under TLS.</summary>
    public static async Task<Socket> ConnectSocketAsync(IPEndPoint remote, IPAddress? localAddress, CancellationToken cancellationToken)
    {
        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (localAddress is not null)
            {
                socket.Bind(new IPEndPoint(localAddress, 0));
            }

            await socket.ConnectAsync(remote, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// After a failed handshake (the alert is already sent): shut down sending and read (and drop)
    /// what the peer still sends for up to <paramref name="limit"/>, so a peer writing its last
    /// flight reads the alert instead of hitting a reset.
    /// </summary>
    public async Task LingerAsync(TimeSpan limit)
    {
        try
        {
            await Output.FlushAsync();
            _socket.Shutdown(SocketShutdown.Send);
            using var timeout = new CancellationTokenSource(limit);
            while (true)
            {
                var result = await Input.ReadAsync(timeout.Token);
                Input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Output.CompleteAsync();
        await Input.CompleteAsync();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }

        await _stream.DisposeAsync();
        _socket.Dispose();
    }
}
