using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Org.BouncyCastle.Crypto.Tls;

namespace AmtSim.Transport.Tls;

/// <summary>
/// Drives BouncyCastle's TLS server in non-blocking mode (OfferInput/ReadOutput) with async
/// socket I/O, so a TLS connection costs no thread: records from the socket go in, handshake
/// messages and alerts come out to the socket, decrypted bytes go to <see cref="Application"/>'s
/// input pipe, and what the HTTP loop writes to its output pipe is encrypted and sent.
/// </summary>
public sealed class TlsRecordPump(Socket socket, TlsServerProtocol protocol) : IDisposable
{
    private const int ReceiveSize = 16 * 1024;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Pipe _appInput = new();
    private readonly Pipe _appOutput = new();
    private readonly byte[] _receive = new byte[ReceiveSize];

    public IDuplexPipe Application => new PipePair(_appInput.Reader, _appOutput.Writer);

    /// <summary>Why the handshake failed, when it did.</summary>
    public string? Failure { get; private set; }

    /// <summary>
    /// Runs the handshake to its end; false when it failed (any alert already sent).
    /// <paramref name="handshakeComplete"/> reads the server's own NotifyHandshakeComplete flag.
    /// </summary>
    public async Task<bool> HandshakeAsync(TlsServer server, Func<bool> handshakeComplete, CancellationToken cancellationToken)
    {
        protocol.Accept(server);
        while (!handshakeComplete())
        {
            var n = await socket.ReceiveAsync(_receive, SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                Failure = "client closed during the handshake";
                return false;
            }

            if (!await OfferAsync(n, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Socket → TLS → application input, until the client closes or a record fails.</summary>
    public async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(_receive, SocketFlags.None, cancellationToken);
                if (n == 0 || !await OfferAsync(n, cancellationToken))
                {
                    break;
                }

                await _appInput.Writer.FlushAsync(cancellationToken);
                if (protocol.IsClosed)
                {
                    break;
                }
            }

            await _appInput.Writer.CompleteAsync(Failure is null ? null : new IOException(Failure));
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            await _appInput.Writer.CompleteAsync(ex);
        }
    }

    /// <summary>Application output → TLS → socket, until the HTTP loop completes its writer.</summary>
    public async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var result = await _appOutput.Reader.ReadAsync(cancellationToken);
                foreach (var segment in result.Buffer)
                {
                    await _gate.WaitAsync(cancellationToken);
                    try
                    {
                        var chunk = segment.ToArray();
                        protocol.OfferOutput(chunk, 0, chunk.Length);
                        await DrainAsync(cancellationToken);
                    }
                    finally
                    {
                        _gate.Release();
                    }
                }

                _appOutput.Reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            Failure ??= ex.Message;
        }
        finally
        {
            await _appOutput.Reader.CompleteAsync();
        }
    }

    /// <summary>Sends close_notify (best effort) and shuts the socket down.</summary>
    public async Task CloseAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (!protocol.IsClosed)
            {
                protocol.Close();
            }

            await DrainAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            _gate.Release();
        }

        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>
    /// After a failed handshake: the alert is already sent; shut down sending and read (and drop)
    /// what the client still sends for a moment, so a client writing its last flight reads the alert
    /// instead of hitting a reset.
    /// </summary>
    public async Task LingerAsync()
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            while (await socket.ReceiveAsync(_receive, SocketFlags.None, limit.Token) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        _gate.Dispose();
        socket.Dispose();
    }

    /// <summary>Feeds <paramref name="count"/> received bytes to the protocol, sends what it produced, moves plaintext on. False on a TLS failure.</summary>
    private async Task<bool> OfferAsync(int count, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var ok = true;
            try
            {
                protocol.OfferInput(_receive.AsSpan(0, count).ToArray());
            }
            catch (IOException ex)
            {
                Failure = ex.Message;
                ok = false;
            }

            await DrainAsync(cancellationToken);
            var available = protocol.GetAvailableInputBytes();
            if (available > 0)
            {
                var memory = _appInput.Writer.GetMemory(available);
                var plain = new byte[available];
                var read = protocol.ReadInput(plain, 0, available);
                plain.AsSpan(0, read).CopyTo(memory.Span);
                _appInput.Writer.Advance(read);
            }

            return ok;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Sends everything the protocol queued (handshake messages, records, alerts). Call under the gate.</summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var pending = protocol.GetAvailableOutputBytes();
        if (pending == 0)
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(pending);
        try
        {
            var n = protocol.ReadOutput(buffer, 0, pending);
            var sent = 0;
            while (sent < n)
            {
                sent += await socket.SendAsync(buffer.AsMemory(sent, n - sent), SocketFlags.None, cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private sealed class PipePair(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}
