namespace AmtSim.Testing.Replay;

/// <summary>
/// How a replayed request reaches the device: the raw HTTP request bytes in, the raw HTTP response bytes out,
/// as an rpc agent's LMS relay passes them. <see cref="SocketExchangeTransport"/> opens a TCP connection to
/// the device per request; an LMS relay plugs in here with the same contract.
/// </summary>
public interface IHttpExchangeTransport
{
    /// <summary>Sends one request and returns exactly the bytes of one complete response.</summary>
    Task<byte[]> ExchangeAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken);
}
