using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using AmtSim.Firmware.Device;
using AmtSim.Protocol.Http;

namespace AmtSim.Firmware.Host;

/// <summary>
/// LMS, the host's local manageability service: relays one raw HTTP request to the device's own
/// web server and returns the raw response, bytes unchanged in both directions. Each relay is a new
/// TCP connection (as rpc-go opens one per request RPS sends) to the device's 16992, or to 16993
/// over TLS when the firmware enforces TLS on local ports. The response ends where its own framing
/// says (Content-Length, or the chunked body's last chunk), never after an idle wait; the connection
/// is then closed.
/// </summary>
public sealed class LocalManageabilityService(AmtDevice device, IHostInterface mei, int httpPort = 16992, int tlsPort = 16993)
{
    /// <summary>Largest response relayed (a Pull of many certificates stays far below).</summary>
    public const int MaxResponseBytes = 8 * 1024 * 1024;

    private static readonly HttpLimits ResponseLimits = HttpLimits.Default with { MaxBodyBytes = MaxResponseBytes };

    /// <summary>The port the next relay uses: 16993 when TLS is enforced on local ports, else 16992.</summary>
    public int Port => mei.IsLocalTlsEnforced() ? tlsPort : httpPort;

    /// <summary>Relays <paramref name="request"/> on the port local TLS enforcement picks now.</summary>
    public Task<byte[]> RelayAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
        => RelayAsync(request, mei.IsLocalTlsEnforced(), cancellationToken);

    /// <summary>
    /// Relays <paramref name="request"/> and returns the device's complete response; <see cref="LmsRelayException"/> when it cannot.
    /// <paramref name="tls"/> picks 16993 over TLS: an agent reads the enforcement once when its session starts, as rpc-go does
    /// (its executor chooses the LMS port at start), so a TLS profile RPS applies mid-session does not move the session's port.
    /// </summary>
    public async Task<byte[]> RelayAsync(ReadOnlyMemory<byte> request, bool tls, CancellationToken cancellationToken)
    {
        var endpoint = new IPEndPoint(device.Network.Address, tls ? tlsPort : httpPort);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new LmsRelayException(LmsRelayFailure.ConnectFailed, $"cannot connect to the firmware at {endpoint}: {ex.SocketErrorCode}", ex);
        }

        Stream stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            if (tls)
            {
                // The host's LMS trusts its own firmware's certificate (the one the device serves), whoever issued it.
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false, (_, certificate, _, _) => IsOwnFirmware(certificate));
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = device.Network.Address.ToString() }, cancellationToken).ConfigureAwait(false);
                stream = ssl;
            }

            await stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            return await ReadResponseAsync(stream, endpoint, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new LmsRelayException(LmsRelayFailure.ConnectionBroken, $"the connection to {endpoint} broke: {ex.Message}", ex);
        }
        catch (System.Security.Authentication.AuthenticationException ex)
        {
            throw new LmsRelayException(LmsRelayFailure.TlsFailed, $"TLS to {endpoint} failed: {ex.Message}", ex);
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private bool IsOwnFirmware(System.Security.Cryptography.X509Certificates.X509Certificate? certificate)
        => certificate is not null
            && new[] { device.ProvisionedCertificate, device.SetupCertificate }.Any(c => c is not null && c.RawData.AsSpan().SequenceEqual(certificate.GetRawCertData()));

    private static async Task<byte[]> ReadResponseAsync(Stream stream, IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var memory = buffer.GetMemory(4096);
            var read = await stream.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new LmsRelayException(LmsRelayFailure.IncompleteResponse,
                    buffer.WrittenCount == 0 ? $"{endpoint} closed the connection without a response" : $"{endpoint} closed the connection after {buffer.WrittenCount} bytes, before the response was complete");
            }

            buffer.Advance(read);
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(buffer.WrittenMemory));
            bool complete;
            try
            {
                complete = HttpResponse.TryRead(ref reader, ResponseLimits, out _);
            }
            catch (HttpParseException ex)
            {
                throw new LmsRelayException(LmsRelayFailure.MalformedResponse, $"{endpoint} answered with a malformed response: {ex.Message}", ex);
            }

            if (complete)
            {
                return buffer.WrittenSpan[..(int)reader.Consumed].ToArray();
            }
        }
    }
}

/// <summary>Why a relay failed.</summary>
public enum LmsRelayFailure
{
    ConnectFailed,
    TlsFailed,
    ConnectionBroken,
    IncompleteResponse,
    MalformedResponse,
}

public sealed class LmsRelayException(LmsRelayFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public LmsRelayFailure Failure { get; } = failure;
}
