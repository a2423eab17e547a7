using Org.BouncyCastle.Crypto.Tls;

namespace AmtSim.Transport.Tls;

/// <summary>
/// Drives a BouncyCastle TLS protocol object in non-blocking mode over an async transport
/// stream: no thread is parked per connection. Ciphertext read from the transport is offered to
/// the protocol; whatever the protocol queues (handshake messages, alerts, records) is written out.
/// After the handshake it is a plain duplex stream of application data.
/// </summary>
public sealed class TlsPumpStream : Stream
{
    private const int ChunkSize = 16 * 1024;

    private readonly Stream _transport;
    private readonly TlsProtocol _protocol;
    private readonly byte[] _inbound = new byte[ChunkSize];
    private readonly byte[] _outbound = new byte[ChunkSize + 2048];
    private bool _transportEnded;

    /// <param name="transport">The socket stream.</param>
    /// <param name="protocol">A TlsClientProtocol or TlsServerProtocol constructed in non-blocking mode (SecureRandom only) and already started (Connect/Accept called).</param>
    public TlsPumpStream(Stream transport, TlsProtocol protocol)
    {
        _transport = transport;
        _protocol = protocol;
    }

    public TlsProtocol Protocol => _protocol;

    /// <summary>
    /// Pumps until <paramref name="handshakeComplete"/> says so. A fatal alert raised locally
    /// surfaces as <see cref="TlsFatalAlert"/>, one from the peer as <see cref="TlsFatalAlertReceived"/>;
    /// a transport that closes mid-handshake as <see cref="EndOfStreamException"/>. Queued alerts are
    /// flushed to the peer before the exception propagates.
    /// </summary>
    public async Task HandshakeAsync(Func<bool> handshakeComplete, CancellationToken cancellationToken)
    {
        await FlushOutboundAsync(cancellationToken);
        while (!handshakeComplete())
        {
            var n = await _transport.ReadAsync(_inbound, cancellationToken);
            if (n == 0)
            {
                _transportEnded = true;
                throw new EndOfStreamException("the peer closed the connection during the TLS handshake");
            }

            try
            {
                _protocol.OfferInput(_inbound, 0, n);
            }
            finally
            {
                await FlushOutboundAsync(cancellationToken);
            }
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_protocol.GetAvailableInputBytes() == 0)
        {
            if (_transportEnded || _protocol.IsClosed)
            {
                return 0;
            }

            var n = await _transport.ReadAsync(_inbound, cancellationToken);
            if (n == 0)
            {
                _transportEnded = true;
                return 0;
            }

            try
            {
                _protocol.OfferInput(_inbound, 0, n);
            }
            finally
            {
                await FlushOutboundAsync(cancellationToken);
            }
        }

        var temp = new byte[Math.Min(buffer.Length, _protocol.GetAvailableInputBytes())];
        var read = _protocol.ReadInput(temp, 0, temp.Length);
        temp.AsMemory(0, read).CopyTo(buffer);
        return read;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var array = buffer.ToArray();
        _protocol.OfferOutput(array, 0, array.Length);
        await FlushOutboundAsync(cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => FlushOutboundAsync(cancellationToken);

    public override void Flush() => FlushOutboundAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Sends close_notify (best effort) and closes the transport.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try
            {
                if (!_protocol.IsClosed)
                {
                    _protocol.Close();
                    var n = _protocol.ReadOutput(_outbound, 0, _outbound.Length);
                    if (n > 0)
                    {
                        _transport.Write(_outbound, 0, n);
                    }
                }
            }
            catch (IOException)
            {
                // The peer is gone; nothing left to tell it.
            }

            _transport.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task FlushOutboundAsync(CancellationToken cancellationToken)
    {
        int n;
        while ((n = _protocol.ReadOutput(_outbound, 0, _outbound.Length)) > 0)
        {
            try
            {
                await _transport.WriteAsync(_outbound.AsMemory(0, n), cancellationToken);
            }
            catch (IOException)
            {
                return;
            }
        }
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
