using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Web.Digest;
using AmtSim.Firmware.Wsman;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using AmtSim.Runtime.Time;

namespace AmtSim.Firmware.Web;

/// <summary>
/// The device's web server: WS-Man over HTTP on 16992 and over TLS on 16993, on the device's own
/// 127.x address. Connections are async loops over System.IO.Pipelines (no thread per
/// connection); each ends with a <see cref="ConnectionEndReason"/> recorded in
/// <see cref="WaitForConnectionEndAsync"/> and in the device's audit trail. Split by concern:
/// HTTP (FirmwareWebServer.Http.cs), TLS (.Tls.cs), Digest (.Digest.cs).
/// </summary>
public sealed partial class FirmwareWebServer : IAsyncDisposable
{
    private const int RecentConnections = 256;

    private readonly IWsmanHandler _handler;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly List<Task> _connections = [];
    private readonly Queue<ConnectionRecord> _ended = new();
    private readonly List<(Func<ConnectionRecord, bool> Match, TaskCompletionSource<ConnectionRecord> Done)> _waiters = [];
    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _acceptLoops = [];
    private long _nextConnectionId;
    private int _stopped;

    public FirmwareWebServer(AmtDevice device, IWsmanHandler handler, FirmwareWebServerOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        Device = device;
        _handler = handler;
        Options = options ?? new FirmwareWebServerOptions();
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<FirmwareWebServer>();
        Digest = new DigestAuthenticator(device, Options);
    }

    public AmtDevice Device { get; }

    public FirmwareWebServerOptions Options { get; }

    public DigestAuthenticator Digest { get; }

    /// <summary>Where HTTP listens once started (the actual port when the knob was 0).</summary>
    public IPEndPoint? HttpEndPoint { get; private set; }

    /// <summary>Where TLS listens once started.</summary>
    public IPEndPoint? TlsEndPoint { get; private set; }

    /// <summary>Binds both ports on <see cref="DeviceNetworkSettings.Address"/> and starts accepting. Throws <see cref="SocketException"/> when a port is taken.</summary>
    public void Start()
    {
        var address = Device.Network.Address;
        var http = Listen(new IPEndPoint(address, Options.HttpPort));
        try
        {
            var tls = Listen(new IPEndPoint(address, Options.TlsPort));
            HttpEndPoint = (IPEndPoint)http.LocalEndPoint!;
            TlsEndPoint = (IPEndPoint)tls.LocalEndPoint!;
            _listeners.AddRange([http, tls]);
            _acceptLoops.Add(AcceptLoopAsync(http, overTls: false));
            _acceptLoops.Add(AcceptLoopAsync(tls, overTls: true));
        }
        catch
        {
            http.Dispose();
            throw;
        }

        Log.Started(_logger, Device.Identity.Uuid, address, HttpEndPoint.Port, TlsEndPoint.Port, Options);
    }

    /// <summary>Stops listening, ends every connection (reason <see cref="ConnectionEndReason.ServerStopping"/>) and waits for them.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        foreach (var l in _listeners)
        {
            l.Dispose();
        }

        Task[] pending;
        lock (_gate)
        {
            pending = [.. _connections, .. _acceptLoops];
        }

        await Task.WhenAll(pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    /// <summary>The most recent ended connections (up to 256), oldest first.</summary>
    public IReadOnlyList<ConnectionRecord> EndedConnections
    {
        get
        {
            lock (_gate)
            {
                return [.. _ended];
            }
        }
    }

    /// <summary>Completes with the first ended connection (already ended or future) that matches.</summary>
    public Task<ConnectionRecord> WaitForConnectionEndAsync(Func<ConnectionRecord, bool> match, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var r in _ended)
            {
                if (match(r))
                {
                    return Task.FromResult(r);
                }
            }

            var tcs = new TaskCompletionSource<ConnectionRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, tcs));
            cancellationToken.Register(() => tcs.TrySetCanceled(cancellationToken));
            return tcs.Task;
        }
    }

    /// <summary>Serves one plain-HTTP connection over any duplex pipe (in-memory pipes in tests); completes both ends when done.</summary>
    public Task<ConnectionRecord> ServeHttpAsync(IDuplexPipe transport, int port, string remote)
        => TrackAsync(port, remote, overTls: false, async context =>
        {
            try
            {
                return await RunHttpConnectionAsync(transport, context, _stopping.Token);
            }
            finally
            {
                await transport.Output.CompleteAsync();
                await transport.Input.CompleteAsync();
            }
        });

    /// <summary>
    /// Serves one TLS connection over any duplex pipe carrying the ciphertext (a CIRA channel to
    /// 16993): the handshake exactly as on the 16993 listener (certificate, versions, client chain
    /// rules by provisioning state), then HTTP; completes both ends when done.
    /// </summary>
    public Task<ConnectionRecord> ServeTlsAsync(IDuplexPipe transport, int port, string remote)
        => TrackAsync(port, remote, overTls: true, async context =>
        {
            try
            {
                return await RunTlsAsync(transport, owned: null, linger: null, context, new HandshakeWork(Options.Work.Begin()), _stopping.Token);
            }
            finally
            {
                await transport.Output.CompleteAsync();
                await transport.Input.CompleteAsync();
            }
        });

    private static Socket Listen(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endPoint);
            socket.Listen(512);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task AcceptLoopAsync(Socket listener, bool overTls)
    {
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            socket.NoDelay = true;
            var remote = socket.RemoteEndPoint?.ToString() ?? "?";
            _ = overTls
                ? TrackAsync(port, remote, overTls: true, context => RunTlsConnectionAsync(socket, context, new HandshakeWork(Options.Work.Begin()), _stopping.Token))
                : TrackAsync(port, remote, overTls: false, context => RunSocketHttpAsync(socket, context, _stopping.Token));
        }
    }

    private async Task<ConnectionEndReason> RunSocketHttpAsync(Socket socket, ConnectionContext context, CancellationToken cancellationToken)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var input = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        var output = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        try
        {
            return await RunHttpConnectionAsync(new DuplexPipe(input, output), context, cancellationToken);
        }
        finally
        {
            await input.CompleteAsync();
            await output.CompleteAsync();
            Shutdown(socket);
        }
    }

    private static void Shutdown(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }

    private Task<ConnectionRecord> TrackAsync(int port, string remote, bool overTls, Func<ConnectionContext, Task<ConnectionEndReason>> run)
    {
        var context = new ConnectionContext(Interlocked.Increment(ref _nextConnectionId), port, remote, overTls);
        var openedAt = Device.Clock.Now;
        Device.Audit.Add(new ConnectionAudit(openedAt, port, remote, "accepted"));
        var task = RunTrackedAsync(context, openedAt, run);
        lock (_gate)
        {
            _connections.Add(task);
        }

        return task;
    }

    private async Task<ConnectionRecord> RunTrackedAsync(ConnectionContext context, DateTimeOffset openedAt, Func<ConnectionContext, Task<ConnectionEndReason>> run)
    {
        await Task.Yield();
        ConnectionEndReason reason;
        try
        {
            reason = await run(context);
        }
        catch (OperationCanceledException)
        {
            reason = ConnectionEndReason.ServerStopping;
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            reason = _stopping.IsCancellationRequested ? ConnectionEndReason.ServerStopping : ConnectionEndReason.TransportError;
        }
        catch (Exception ex)
        {
            Log.ConnectionFailed(_logger, context.Id, context.Remote, ex);
            reason = ConnectionEndReason.TransportError;
        }

        var record = new ConnectionRecord(context.Id, context.Port, context.Remote, context.OverTls, reason, context.Requests, openedAt, Device.Clock.Now);
        Device.Audit.Add(new ConnectionAudit(record.ClosedAt, context.Port, context.Remote, $"closed: {reason}"));
        context.EndClosing();
        Log.ConnectionEnded(_logger, context.Id, context.Remote, context.Port, reason, context.Requests);
        List<TaskCompletionSource<ConnectionRecord>> wake = [];
        lock (_gate)
        {
            _ended.Enqueue(record);
            while (_ended.Count > RecentConnections)
            {
                _ended.Dequeue();
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(record))
                {
                    wake.Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }

            _connections.RemoveAll(t => t.IsCompleted);
        }

        foreach (var w in wake)
        {
            w.TrySetResult(record);
        }

        return record;
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }

    /// <summary>One connection: its id, port, peer, requests served and (on 16993) the TLS handshake's outcome.</summary>
    private sealed class ConnectionContext(long id, int port, string remote, bool overTls)
    {
        public long Id => id;

        public int Port => port;

        public string Remote => remote;

        public bool OverTls => overTls;

        public Tls.DeviceTlsServer? Tls { get; set; }

        public int Requests { get; set; }

        private WorkTracker.Scope? _closing;
        private bool _closed;

        /// <summary>
        /// Held from the moment the connection loop knows it ends (the peer closed, the idle timer
        /// fired) until the end is audited, so the virtual clock cannot move in between and every
        /// run records the same close at the same time (issue 18 item 9).
        /// </summary>
        public void BeginClosing(WorkTracker work)
        {
            lock (this)
            {
                // A timer that fires after the end was audited must not take work nobody releases.
                if (!_closed)
                {
                    _closing ??= work.Begin();
                }
            }
        }

        public void EndClosing()
        {
            WorkTracker.Scope? closing;
            lock (this)
            {
                (closing, _closing, _closed) = (_closing, null, true);
            }

            closing?.Dispose();
        }
    }
}
