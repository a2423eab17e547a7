using System.IO.Pipelines;

namespace AmtSim.Transport.Tls;

/// <summary>
/// Any ciphertext <see cref="Stream"/> as the <see cref="IDuplexPipe"/> a <see cref="TlsConnection"/>
/// runs over: for a caller that shapes the wire itself (a socket stream that drains on close, a
/// stream that injects faults). <see cref="DisposeAsync"/> completes both pipes and disposes the stream.
/// </summary>
public sealed class StreamTransport(Stream stream) : IDuplexPipe, IAsyncDisposable
{
    public PipeReader Input { get; } = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 2048, leaveOpen: true));

    public PipeWriter Output { get; } = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));

    public async ValueTask DisposeAsync()
    {
        await Input.CompleteAsync();
        try
        {
            await Output.CompleteAsync();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The peer is gone; what was left unflushed cannot be sent anyway.
        }

        await stream.DisposeAsync();
    }
}
