using System.Buffers;
using System.Net.Sockets;
using AmtSim.Protocol.Http;
using AmtSim.Protocol.Wsman;
using AmtSim.Provisioning.Sccm.Steps;
using AmtSim.Runtime.Faults;
using AmtSim.Runtime.Time;

namespace AmtSim.Provisioning.Faults;

/// <summary>
/// The service point's transport to one device with faults applied (issue 17 item 5). A fault is
/// taken when the first request of a step is written and hits that request (<see cref="FaultSide.Request"/>:
/// the device reads garbage, the connection resets, or the request never leaves) or the device's
/// answer to it (<see cref="FaultSide.Answer"/>: the real reply is discarded and the service point
/// reads a reset, nothing, garbage, an HTTP 500 or a SOAP fault instead). The device has then really
/// processed the request: the fault is on the wire, not in the device. A stall parks the caller's
/// work (<see cref="WorkTracker.ParkUntilCancelledAsync"/>) until the service point's own exchange
/// timeout ends it, so a stall is decided on the run's clock.
/// </summary>
public sealed class FaultingStream : Stream
{
    private readonly Stream _inner;
    private readonly Guid _device;
    private readonly IStepFaults _faults;
    private readonly Func<ProvisioningStep> _currentStep;
    private readonly WorkTracker _work;
    private readonly TimeProvider _time;
    private readonly TimeSpan _stallLimit;
    private readonly Random _garbage;
    private readonly CancellationTokenSource _disposed = new();
    private ProvisioningStep? _lastStep;
    private StepFault? _active;
    private ReadOnlyMemory<byte> _replacement;
    private bool _replacementMade;

    /// <param name="garbageSeed">Seed of the garbage bytes (derived from the device, so a run repeats them).</param>
    /// <param name="time">The run's clock, on which a stall ends.</param>
    /// <param name="stallLimit">A stall ends with an <see cref="IOException"/> after this long (the service point's exchange timeout), whatever the caller's cancellation does.</param>
    public FaultingStream(Stream inner, Guid device, IStepFaults faults, Func<ProvisioningStep> currentStep, WorkTracker work, int garbageSeed, TimeProvider time, TimeSpan stallLimit)
    {
        _time = time;
        _stallLimit = stallLimit;
        _inner = inner;
        _device = device;
        _faults = faults;
        _currentStep = currentStep;
        _work = work;
        _garbage = new Random(garbageSeed);
    }

    /// <summary>Faults applied so far on this connection (step, fault), for tests and reports.</summary>
    public List<(ProvisioningStep Step, StepFault Fault)> Applied { get; } = [];

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var step = _currentStep();
        if (step != _lastStep)
        {
            _lastStep = step;
            _active = _faults.Take(_device, step);
            _replacementMade = false;
            if (_active is not null)
            {
                Applied.Add((step, _active));
            }
        }

        if (_active is { Side: FaultSide.Request } fault)
        {
            switch (fault.Kind)
            {
                case FaultKind.Reset:
                    throw Reset();
                case FaultKind.Stall:
                    // The request never leaves: the write stalls until the exchange timeout.
                    await StallAsync(cancellationToken);
                    return;
                case FaultKind.Garbage:
                    await _inner.WriteAsync(Garbage(buffer.Length, terminated: _inner is not NetworkStream), cancellationToken);
                    return;
            }
        }

        await _inner.WriteAsync(buffer, cancellationToken);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (AnswerFault() is null)
        {
            // A read may be pending (the HTTP client reads ahead on an idle connection) while the next
            // step's request is written: the fault is decided when the bytes arrive.
            var n = await _inner.ReadAsync(buffer, cancellationToken);
            if (AnswerFault() is null)
            {
                return n;
            }
        }

        var fault = AnswerFault()!;
        switch (fault.Kind)
        {
            case FaultKind.Reset:
                throw Reset();
            case FaultKind.Stall:
                await StallAsync(cancellationToken);
                return 0;
        }

        if (!_replacementMade)
        {
            _replacementMade = true;
            _replacement = Replacement(fault.Kind);
        }

        if (buffer.Length == 0 || _replacement.IsEmpty)
        {
            return 0;
        }

        var take = Math.Min(buffer.Length, _replacement.Length);
        _replacement[..take].CopyTo(buffer);
        _replacement = _replacement[take..];
        return take;
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override void Flush() => _inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CancelQuietly();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The fault the next read meets: one on the answer, or the wait for an answer to a request that never left.</summary>
    private StepFault? AnswerFault() => _active switch
    {
        { Side: FaultSide.Answer, Kind: not FaultKind.CaUnavailable } f => f,
        _ => null,
    };

    /// <summary>The connection goes away under the exchange: the socket is reset when it is in hand (under TLS), else the stream is closed.</summary>
    private IOException Reset()
    {
        if (_inner is NetworkStream network)
        {
            try
            {
                network.Socket.LingerState = new LingerOption(true, 0);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
        }

        _inner.Dispose();
        return new IOException("connection reset (injected fault)", new SocketException((int)SocketError.ConnectionReset));
    }

    /// <summary>Nothing arrives: the caller's work is parked until its timeout (or the connection's end) cancels the wait.</summary>
    private async Task StallAsync(CancellationToken cancellationToken)
    {
        // Its own limit on the run's clock: the HTTP client may not pass its cancellation down to a
        // write (it disposes the connection instead), and a stall must end on the clock either way.
        using var limit = new CancellationTokenSource(_stallLimit, _time);
        using var any = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token, limit.Token);
        try
        {
            await _work.ParkUntilCancelledAsync(any.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException(limit.IsCancellationRequested
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"no progress within {_stallLimit.TotalSeconds} s (injected stall)")
                : "the connection was closed while stalled (injected stall)");
        }
    }

    /// <summary>
    /// Seeded bytes that are wrong from the first one (0x00 is neither a TLS record type nor an HTTP
    /// token character), so the reader refuses them at once; with <paramref name="terminated"/> they
    /// end like an HTTP header section, so a reader waiting for the end of a line has it. Garbage that
    /// left the peer waiting for more would be a stall, which is its own fault.
    /// </summary>
    private byte[] Garbage(int length, bool terminated = false)
    {
        var bytes = new byte[Math.Max(length, 64)];
        _garbage.NextBytes(bytes);
        bytes[0] = 0;
        if (terminated)
        {
            bytes.AsSpan(0, bytes.Length - 4).Replace((byte)'\n', (byte)'?');
            "\r\n\r\n"u8.CopyTo(bytes.AsSpan(bytes.Length - 4));
        }

        return bytes;
    }

    /// <summary>What the service point reads instead of the device's reply: bytes a device would send for a 500 or a SOAP fault, or garbage.</summary>
    private ReadOnlyMemory<byte> Replacement(FaultKind kind)
    {
        var output = new ArrayBufferWriter<byte>(2048);
        switch (kind)
        {
            case FaultKind.ServerError:
                HttpResponseWriter.WriteChunked(output, 500, HttpResponseWriter.SoapContentType, [], "16.1.25", close: true);
                break;
            case FaultKind.SoapFault:
                var fault = new WsmanFault(WsmanFaultKind.DestinationUnreachable, "injected fault");
                var body = WsmanResponseWriter.Fault("uuid:00000000-0000-0000-0000-000000000000", WsmanResponseWriter.MessageIdFor(1), fault);
                HttpResponseWriter.WriteSoap(output, 400, body, "16.1.25", close: true);
                break;
            default:
                return Garbage(512);
        }

        return output.WrittenMemory;
    }

    private void CancelQuietly()
    {
        try
        {
            _disposed.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
