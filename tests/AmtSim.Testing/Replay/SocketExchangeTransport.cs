using System.Buffers;
using System.Net;
using System.Net.Sockets;
using AmtSim.Protocol.Http;

namespace AmtSim.Testing.Replay;

/// <summary>
/// One new TCP connection per request (as rpc-go does towards LMS): write the bytes unchanged, read until the
/// response is complete by its own framing (Content-Length or the chunked end; never an idle wait), close.
/// </summary>
public sealed class SocketExchangeTransport(IPEndPoint endPoint) : IHttpExchangeTransport
{
    public IPEndPoint EndPoint => endPoint;

    public async Task<byte[]> ExchangeAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endPoint, cancellationToken);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(request, cancellationToken);
        return await ReadResponseAsync(stream, cancellationToken);
    }

    /// <summary>Reads from <paramref name="stream"/> until one HTTP response is complete; returns its bytes. EOF before that is an error.</summary>
    public static async Task<byte[]> ReadResponseAsync(Stream stream, CancellationToken cancellationToken)
    {
        var received = new ArrayBufferWriter<byte>();
        while (true)
        {
            var memory = received.GetMemory(4096);
            var read = await stream.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                throw new IOException($"the device closed the connection after {received.WrittenCount} byte(s), before a complete response");
            }

            received.Advance(read);
            if (CompleteLength(received.WrittenMemory) is { } length)
            {
                return received.WrittenMemory[..length].ToArray();
            }
        }
    }

    /// <summary>The length of the complete HTTP response at the start of <paramref name="bytes"/>, or null while it is incomplete.</summary>
    public static int? CompleteLength(ReadOnlyMemory<byte> bytes)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        return HttpResponse.TryRead(ref reader, HttpLimits.Default, out _) ? (int)reader.Consumed : null;
    }
}
