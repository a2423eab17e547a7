using System.Buffers;
using System.IO.Pipelines;
using AmtSim.Protocol.Apf;
using AmtSim.Firmware.Web;

namespace AmtSim.Firmware.Cira;

/// <summary>
/// One channel the MPS opened: its bytes go into a pipe the web server reads, the web server's
/// replies come out as CHANNEL_DATA within the MPS's window. Each side sends CHANNEL_CLOSE once;
/// the device sends its close when the web server's connection ends (after the MPS's close, or on its own).
/// </summary>
internal sealed class CiraChannel
{
    private readonly Pipe _toServer = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
    private readonly Pipe _fromServer = new(new PipeOptions(useSynchronizationContext: false));
    private readonly Func<ApfMessage, Task> _send;
    private readonly Action<CiraChannel> _closed;
    private readonly Lock _gate = new();
    private readonly uint _window;
    private TaskCompletionSource _credit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sendCredits;
    private long _receiveRemaining;
    private uint _pendingAdjust;
    private bool _closeReceived;
    private bool _closeSent;
    private Task _pump = Task.CompletedTask;

    public CiraChannel(uint id, uint peer, uint peerWindow, uint window, Func<ApfMessage, Task> send, Action<CiraChannel> closed)
    {
        Id = id;
        Peer = peer;
        _sendCredits = peerWindow;
        _window = window;
        _receiveRemaining = window;
        _send = send;
        _closed = closed;
        Transport = new DuplexPipe(_toServer.Reader, _fromServer.Writer);
    }

    public uint Id { get; }

    public uint Peer { get; }

    /// <summary>The web server's side.</summary>
    public IDuplexPipe Transport { get; }

    public void Start(Task<ConnectionRecord> serving, int maxChunk) => _pump = PumpAsync(serving, maxChunk);

    /// <summary>Bytes from the MPS; an error when they exceed the window the device granted.</summary>
    public async ValueTask<string?> ReceiveAsync(ReadOnlyMemory<byte> data)
    {
        uint adjust = 0;
        lock (_gate)
        {
            _receiveRemaining -= data.Length;
            if (_receiveRemaining < 0)
            {
                return $"CHANNEL_DATA of {data.Length} bytes on channel {Id} exceeds the window the device granted";
            }

            if (_closeReceived)
            {
                return null;
            }

            _pendingAdjust += (uint)data.Length;
            if (_pendingAdjust >= _window / 2)
            {
                adjust = _pendingAdjust;
                _pendingAdjust = 0;
                _receiveRemaining += adjust;
            }
        }

        await _toServer.Writer.WriteAsync(data);
        if (adjust > 0)
        {
            await _send(new ApfChannelWindowAdjust(Peer, adjust));
        }

        return null;
    }

    public void AddCredits(uint bytes)
    {
        TaskCompletionSource wake;
        lock (_gate)
        {
            _sendCredits += bytes;
            wake = _credit;
        }

        wake.TrySetResult();
    }

    /// <summary>The MPS closed its side: the web server sees the end of its input.</summary>
    public async Task CloseReceivedAsync()
    {
        lock (_gate)
        {
            if (_closeReceived)
            {
                return;
            }

            _closeReceived = true;
        }

        await _toServer.Writer.CompleteAsync();
        ForgetIfDone();
    }

    /// <summary>The session ended: both pipes end, no close is sent.</summary>
    public async Task AbortAsync()
    {
        lock (_gate)
        {
            _closeReceived = true;
            _closeSent = true;
            _credit.TrySetResult();
        }

        await _toServer.Writer.CompleteAsync();
        await _fromServer.Reader.CompleteAsync();
        await _pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task PumpAsync(Task<ConnectionRecord> serving, int maxChunk)
    {
        try
        {
            var reader = _fromServer.Reader;
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                while (buffer.Length > 0)
                {
                    var credits = await CreditsAsync();
                    if (credits <= 0)
                    {
                        return;
                    }

                    var n = (int)Math.Min(Math.Min(credits, maxChunk), buffer.Length);
                    var chunk = buffer.Slice(0, n).ToArray();
                    lock (_gate)
                    {
                        _sendCredits -= n;
                    }

                    await _send(new ApfChannelData(Peer, chunk));
                    buffer = buffer.Slice(n);
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }

            await serving;
            bool send;
            lock (_gate)
            {
                send = !_closeSent;
                _closeSent = true;
            }

            if (send)
            {
                await _send(new ApfChannelClose(Peer));
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or NotSupportedException)
        {
        }
        finally
        {
            ForgetIfDone();
        }
    }

    /// <summary>Waits until the MPS's window has room; 0 when the channel was aborted.</summary>
    private async Task<long> CreditsAsync()
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_closeSent)
                {
                    return 0;
                }

                if (_sendCredits > 0)
                {
                    return _sendCredits;
                }

                if (_credit.Task.IsCompleted)
                {
                    _credit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                wait = _credit.Task;
            }

            await wait;
        }
    }

    private void ForgetIfDone()
    {
        bool done;
        lock (_gate)
        {
            done = _closeReceived && _closeSent;
        }

        if (done)
        {
            _closed(this);
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}
