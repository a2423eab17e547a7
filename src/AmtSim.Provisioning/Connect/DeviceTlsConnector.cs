using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Runtime.Time;
using AmtSim.Transport.Tls;
using Org.BouncyCastle.Tls;

namespace AmtSim.Provisioning.Connect;

/// <summary>An established TLS session to a device's 16993.</summary>
public sealed class DeviceTlsSession(TlsClientSession session) : IAsyncDisposable
{
    /// <summary>The plaintext; disposing it ends the session.</summary>
    public Stream Stream => session.Stream;

    /// <summary>The certificate the device served (self-signed before provisioning, the CA-issued one after).</summary>
    public X509Certificate2 DeviceCertificate => session.ServerCertificate;

    /// <summary>Negotiated protocol version, e.g. "TLS 1.2".</summary>
    public string Version => session.Version;

    public ValueTask DisposeAsync() => session.DisposeAsync();
}

/// <summary>
/// The provisioning server's side of the TLS connection to a device: the server is the TLS
/// client and presents its provisioning chain as client certificate (amt-reference.md §1.3).
/// Speaks TLS 1.0 to 1.2 (old firmware uses RSA key exchange with AES-CBC) on the shared
/// <see cref="TlsClientConnector"/>, with every private-key operation on .NET's RSA.
/// </summary>
public static class DeviceTlsConnector
{
    /// <summary>The shared TLS form of each credential (its chain converted once, not per device).</summary>
    private static readonly ConditionalWeakTable<ProvisioningCredential, TlsClientCredential> TlsCredentials = [];

    private static readonly TlsClientOptions Anonymous = new();

    /// <summary>
    /// Connects from <paramref name="localAddress"/> (the server's own 127.x address) to the device and completes the handshake.
    /// Without a credential (a provisioned device asks for none) a certificate request is answered with an empty certificate.
    /// </summary>
    /// <param name="work">The world's work tracker: closing the session waits, as tracked work, for the device's own close (<see cref="DrainOnCloseStream"/>); null closes at once.</param>
    /// <param name="transport">Wraps the connected socket's stream before TLS runs over it (fault injection, issue 17 item 5); none by default.</param>
    public static async Task<DeviceTlsSession> ConnectAsync(IPEndPoint device, IPAddress? localAddress, ProvisioningCredential? credential, CancellationToken cancellationToken, WorkTracker? work = null, Func<Stream, Stream>? transport = null)
    {
        var options = credential is null
            ? Anonymous
            : Anonymous with { Credential = TlsCredentials.GetValue(credential, static c => new TlsClientCredential(c.Chain, c.Key)) };
        try
        {
            if (work is null && transport is null)
            {
                return new DeviceTlsSession(await TlsClientConnector.ConnectAsync(device, localAddress, options, cancellationToken));
            }

            var socket = await SocketTransport.ConnectSocketAsync(device, localAddress, cancellationToken);
            Stream wire = work is null ? new NetworkStream(socket, ownsSocket: true) : new DrainOnCloseStream(socket, work);
            var pipe = new StreamTransport(transport?.Invoke(wire) ?? wire);
            var session = await TlsClientConnector.HandshakeAsync(pipe, pipe, options, cancellationToken);
            if (work is not null)
            {
                session.Connection.TrackCloseWith(work);
            }

            return new DeviceTlsSession(session);
        }
        catch (SocketException ex)
        {
            throw new DeviceTlsException($"cannot connect to {device}: {ex.SocketErrorCode}", null, ex);
        }
        catch (TlsHandshakeException ex) when (ex.Failure.AlertReceived is { } alert)
        {
            throw new DeviceTlsException($"the device sent fatal alert {AlertDescription.GetText(alert)} ({alert})", (byte)alert, ex);
        }
        catch (TlsHandshakeException ex) when (ex.Failure.AlertSent is { } alert)
        {
            throw new DeviceTlsException($"handshake failed on this side: {AlertDescription.GetText(alert)}", null, ex);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            throw new DeviceTlsException("the device closed the connection during the TLS handshake", null, ex);
        }
    }
}
