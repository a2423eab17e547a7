using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
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
    public static async Task<DeviceTlsSession> ConnectAsync(IPEndPoint device, IPAddress? localAddress, ProvisioningCredential? credential, CancellationToken cancellationToken)
    {
        var options = credential is null
            ? Anonymous
            : Anonymous with { Credential = TlsCredentials.GetValue(credential, static c => new TlsClientCredential(c.Chain, c.Key)) };
        try
        {
            return new DeviceTlsSession(await TlsClientConnector.ConnectAsync(device, localAddress, options, cancellationToken));
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
        catch (IOException ex)
        {
            throw new DeviceTlsException("the device closed the connection during the TLS handshake", null, ex);
        }
    }
}
