using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using AmtSim.Runtime.Profiling;
using Org.BouncyCastle.Tls;

namespace AmtSim.Transport.Tls;

/// <summary>How a handshake failed: the text, the fatal alert this side sent and the one the peer sent, if any.</summary>
public sealed record TlsFailure(string Message, short? AlertSent, short? AlertReceived)
{
    public override string ToString()
        => AlertReceived is { } r ? $"{Message} (peer sent alert {AlertDescription.GetText(r)})"
            : AlertSent is { } s ? $"{Message} (sent alert {AlertDescription.GetText(s)})" : Message;
}

/// <summary>
/// The one TLS engine of AmtSim, for both ends: drives a BouncyCastle protocol (server or client)
/// in non-blocking mode over a transport <see cref="IDuplexPipe"/> (ciphertext), so a connection
/// costs no thread. Records read from the transport are offered to the protocol; whatever the
/// protocol queues (handshake messages, alerts, records) is written back; after the handshake the
/// plaintext is <see cref="Application"/>, a duplex pipe of its own (also as a <see cref="Stream"/>).
/// The policy (versions, suites, certificates, what is checked) lives in the TlsServer/TlsClient
/// given to it: the device's in Firmware, the clients' in <see cref="TlsClientConnector"/>.
/// </summary>
public sealed class TlsConnection : IAsyncDisposable
{
    private readonly IDuplexPipe _transport;
    private readonly TlsProtocol _protocol;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Pipe _appInput = new(new PipeOptions(useSynchronizationContext: false));
    private readonly Pipe _appOutput = new(new PipeOptions(useSynchronizationContext: false));
    private readonly IDuplexPipe _application;
    private byte[] _scratch = [];
    private Task? _receive;
    private Task? _send;
    private Stream? _stream;
    private int _disposed;

    /// <summary>
    /// The transport's first failure (the peer reset the connection, or a write to it failed), or null.
    /// Once set, the close sends nothing more: a close_notify to a peer that is gone would only fail
    /// again, and on Native AOT each exception thrown through the async chain costs as much CPU as a
    /// TLS handshake's ECDH (bench/README.md, issue 20's eighth round).
    /// </summary>
    private Exception? _transportError;

    private readonly IAsyncDisposable? _owned;
    private AmtSim.Runtime.Time.WorkTracker? _closeWork;

    /// <summary>What this connection's work counts as in a phase profile: the device's TLS or the client's.</summary>
    private readonly ProfilePhase _phase;

    private TlsConnection(IDuplexPipe transport, TlsProtocol protocol, IAsyncDisposable? owned)
    {
        _transport = transport;
        _phase = protocol is TlsServerProtocol ? ProfilePhase.DeviceTls : ProfilePhase.ClientTls;
        _owned = owned;
        _protocol = protocol;
        _application = new PipePair(_appInput.Reader, _appOutput.Writer);
    }

    /// <summary>A server connection: <paramref name="server"/> answers the client's hello.</summary>
    /// <param name="owned">Disposed when the connection is (the socket under <paramref name="transport"/>), or null when the caller keeps it.</param>
    public static TlsConnection Server(IDuplexPipe transport, TlsServer server, IAsyncDisposable? owned = null)
    {
        var protocol = new TlsServerProtocol();
        protocol.Accept(server);
        return new TlsConnection(transport, protocol, owned);
    }

    /// <summary>A client connection: the ClientHello is queued at once and sent by <see cref="HandshakeAsync"/>.</summary>
    /// <param name="owned">Disposed when the connection is (the socket under <paramref name="transport"/>), or null when the caller keeps it.</param>
    public static TlsConnection Client(IDuplexPipe transport, TlsClient client, IAsyncDisposable? owned = null)
    {
        var protocol = new TlsClientProtocol();
        protocol.Connect(client);
        return new TlsConnection(transport, protocol, owned);
    }

    /// <summary>Plaintext after the handshake: read what the peer sent, write what to send; completing the writer closes the session.</summary>
    public IDuplexPipe Application => _application;

    /// <summary><see cref="Application"/> as a stream (for HttpClient and the like); disposing it closes the connection.</summary>
    public Stream Stream => _stream ??= new DuplexPipeStream(this);

    /// <summary>
    /// Counts a close begun without waiting (a synchronous dispose of <see cref="Stream"/>) as work
    /// in flight on <paramref name="work"/> until it is done, so a virtual clock does not move
    /// between the close and the peer seeing it.
    /// </summary>
    public void TrackCloseWith(AmtSim.Runtime.Time.WorkTracker work) => _closeWork = work;

    /// <summary>Starts <see cref="DisposeAsync"/> without waiting for it (tracked when <see cref="TrackCloseWith"/> was called).</summary>
    internal void BeginClose()
    {
        var scope = _closeWork?.Begin();
        _ = CloseAsync(scope);
    }

    private async Task CloseAsync(AmtSim.Runtime.Time.WorkTracker.Scope? scope)
    {
        try
        {
            await DisposeAsync();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // Closing a connection the peer already dropped: nothing left to do.
        }
        finally
        {
            scope?.Dispose();
        }
    }

    /// <summary>Why the handshake failed, when it did.</summary>
    public TlsFailure? Failure { get; private set; }

    /// <summary>
    /// Runs the handshake to its end. Null on success, and the record pumps start; otherwise why it
    /// failed, with any alert already sent to the peer. Cancellation (a handshake timer) surfaces as
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<TlsFailure?> HandshakeAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await DrainAsync(cancellationToken);
            while (!_protocol.IsConnected)
            {
                var result = await _transport.Input.ReadAsync(cancellationToken);
                var ok = Offer(result.Buffer);
                _transport.Input.AdvanceTo(result.Buffer.End);
                await DrainAsync(cancellationToken);
                if (!ok)
                {
                    return Failure;
                }

                if (result.IsCompleted && !_protocol.IsConnected)
                {
                    return Failure = new TlsFailure("the peer closed the connection during the TLS handshake", null, null);
                }
            }

            await MoveApplicationInputAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            return Failure = new TlsFailure(ex.Message, null, null);
        }
        finally
        {
            _gate.Release();
        }

        _receive = ReceiveLoopAsync();
        _send = SendLoopAsync();
        return null;
    }

    /// <summary>
    /// Ends the session: the application writer is completed (what it wrote is sent), close_notify
    /// goes out (best effort) and the transport is completed both ways. Safe to call more than once.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _appOutput.Writer.CompleteAsync();
        if (_send is not null)
        {
            await _send;
        }

        await _gate.WaitAsync();
        try
        {
            if (!_protocol.IsClosed)
            {
                _protocol.Close();
            }

            if (Volatile.Read(ref _transportError) is null)
            {
                await DrainAsync(CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // The peer is gone; nothing left to tell it.
            Interlocked.CompareExchange(ref _transportError, ex, null);
        }
        finally
        {
            _gate.Release();
        }

        // Completing with the failure drops what could not be sent instead of writing it again.
        await _transport.Output.CompleteAsync(Volatile.Read(ref _transportError));
        _transport.Input.CancelPendingRead();
        if (_receive is not null)
        {
            await _receive;
        }

        await _transport.Input.CompleteAsync();
        await _appInput.Reader.CompleteAsync();
        if (_owned is not null)
        {
            await _owned.DisposeAsync();
        }
    }

    /// <summary>Transport → TLS → application input, until the peer closes, a record fails or the connection is disposed.</summary>
    private async Task ReceiveLoopAsync()
    {
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await _transport.Input.ReadAsync();
                if (result.IsCanceled)
                {
                    break;
                }

                await _gate.WaitAsync();
                bool ok;
                try
                {
                    ok = Offer(result.Buffer);
                    _transport.Input.AdvanceTo(result.Buffer.End);
                    await DrainAsync(CancellationToken.None);
                    await MoveApplicationInputAsync(CancellationToken.None);
                }
                finally
                {
                    _gate.Release();
                }

                if (!ok)
                {
                    error = new IOException(Failure?.ToString() ?? "TLS record failed");
                    break;
                }

                if (result.IsCompleted || _protocol.IsClosed)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException or OperationCanceledException)
        {
            error = ex;
            NoteTransportFailure(ex);
        }

        await _appInput.Writer.CompleteAsync(error);
    }

    /// <summary>Application output → TLS → transport, until the application completes its writer.</summary>
    private async Task SendLoopAsync()
    {
        try
        {
            while (true)
            {
                var result = await _appOutput.Reader.ReadAsync();
                await _gate.WaitAsync();
                try
                {
                    using (PhaseProfiler.Enter(_phase))
                    {
                        foreach (var segment in result.Buffer)
                        {
                            _protocol.WriteApplicationData(segment.Span);
                        }
                    }

                    await DrainAsync(CancellationToken.None);
                }
                finally
                {
                    _gate.Release();
                }

                _appOutput.Reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException or OperationCanceledException)
        {
            Failure ??= new TlsFailure(ex.Message, null, null);
            NoteTransportFailure(ex);
        }
        finally
        {
            await _appOutput.Reader.CompleteAsync();
        }
    }

    /// <summary>Keeps <paramref name="ex"/> as the transport's first failure when it is one (the socket's I/O failed or was closed under the loop).</summary>
    private void NoteTransportFailure(Exception ex)
    {
        if (ex is IOException or ObjectDisposedException)
        {
            Interlocked.CompareExchange(ref _transportError, ex, null);
        }
    }

    /// <summary>Offers every received segment to the protocol (under the gate). False on a TLS failure, with <see cref="Failure"/> set.</summary>
    private bool Offer(ReadOnlySequence<byte> buffer)
    {
        using var profile = PhaseProfiler.Enter(_phase);
        try
        {
            foreach (var segment in buffer)
            {
                if (MemoryMarshal.TryGetArray(segment, out var array))
                {
                    _protocol.OfferInput(array.Array!, array.Offset, array.Count);
                }
                else
                {
                    var copy = Scratch(segment.Length);
                    segment.Span.CopyTo(copy);
                    _protocol.OfferInput(copy, 0, segment.Length);
                }
            }

            return true;
        }
        catch (TlsFatalAlertReceived ex)
        {
            Failure = new TlsFailure("the peer sent a fatal alert", null, ex.AlertDescription);
        }
        catch (TlsFatalAlert ex)
        {
            Failure = new TlsFailure(ex.InnerException is { } cause ? $"{ex.Message}: {cause.Message}" : ex.Message, ex.AlertDescription, null);
        }
        catch (IOException ex)
        {
            Failure = new TlsFailure(ex.Message, null, null);
        }

        return false;
    }

    /// <summary>Writes what the protocol queued (handshake messages, records, alerts) to the transport and flushes. Call under the gate.</summary>
    private async ValueTask DrainAsync(CancellationToken cancellationToken)
    {
        var pending = _protocol.GetAvailableOutputBytes();
        if (pending == 0)
        {
            return;
        }

        CopyFromProtocol(_transport.Output, pending, records: true);
        await _transport.Output.FlushAsync(cancellationToken);
    }

    /// <summary>Moves decrypted bytes to the application's input pipe. Call under the gate.</summary>
    private async ValueTask MoveApplicationInputAsync(CancellationToken cancellationToken)
    {
        var available = _protocol.GetAvailableInputBytes();
        if (available == 0)
        {
            return;
        }

        CopyFromProtocol(_appInput.Writer, available, records: false);
        await _appInput.Writer.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Copies what the protocol holds for one direction into <paramref name="writer"/>: its queued
    /// records for the transport (<paramref name="records"/>) or the decrypted plaintext for the application.
    /// </summary>
    private void CopyFromProtocol(PipeWriter writer, int available, bool records)
    {
        using var profile = PhaseProfiler.Enter(_phase);
        while (available > 0)
        {
            var memory = writer.GetMemory(available);
            var wanted = Math.Min(memory.Length, available);
            int n;
            if (MemoryMarshal.TryGetArray<byte>(memory, out var array))
            {
                n = Read(array.Array!, array.Offset, wanted);
            }
            else
            {
                var copy = Scratch(wanted);
                n = Read(copy, 0, wanted);
                copy.AsSpan(0, n).CopyTo(memory.Span);
            }

            writer.Advance(n);
            available = records ? _protocol.GetAvailableOutputBytes() : _protocol.GetAvailableInputBytes();
        }

        int Read(byte[] buffer, int offset, int count) => records ? _protocol.ReadOutput(buffer, offset, count) : _protocol.ReadInput(buffer, offset, count);
    }

    private byte[] Scratch(int size) => _scratch.Length >= size ? _scratch : _scratch = new byte[Math.Max(size, 4096)];

    private sealed class PipePair(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}
