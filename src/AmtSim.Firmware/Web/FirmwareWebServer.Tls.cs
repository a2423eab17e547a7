using System.IO.Pipelines;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Device;
using AmtSim.Runtime.Time;
using AmtSim.Firmware.Validation;
using AmtSim.Firmware.Web.Tls;
using AmtSim.Transport.Tls;
using Org.BouncyCastle.Tls;
using BcCertificate = Org.BouncyCastle.Tls.Certificate;

namespace AmtSim.Firmware.Web;

public sealed partial class FirmwareWebServer
{
    /// <summary>How long a failed handshake keeps reading what the client still sends, so it reads the alert instead of a reset.</summary>
    private static readonly TimeSpan FailedHandshakeLinger = TimeSpan.FromSeconds(2);

    private readonly Lock _certificateGate = new();
    private (X509Certificate2 Source, BcCertificate Converted)? _certificateCache;

    /// <summary>
    /// One connection on 16993: the TLS handshake (client certificate required and validated
    /// before provisioning), its audit entry, then the HTTP loop over the decrypted pipes.
    /// </summary>
    private async Task<ConnectionEndReason> RunTlsConnectionAsync(Socket socket, ConnectionContext context, HandshakeWork handshakeWork, CancellationToken cancellationToken)
    {
        var transport = new SocketTransport(socket);
        return await RunTlsAsync(transport, transport, transport.LingerAsync, context, handshakeWork, cancellationToken);
    }

    /// <summary>
    /// The 16993 server over any ciphertext transport (a socket, or a CIRA channel): the same
    /// handshake, chain rules and audit entry as the listener, then the HTTP loop over the plaintext.
    /// <paramref name="owned"/> is disposed with the connection; <paramref name="linger"/> (sockets
    /// only) keeps reading after a failed handshake so the client reads the alert.
    /// </summary>
    private async Task<ConnectionEndReason> RunTlsAsync(IDuplexPipe transport, IAsyncDisposable? owned, Func<TimeSpan, Task>? linger, ConnectionContext context, HandshakeWork handshakeWork, CancellationToken cancellationToken)
    {
        using var work = handshakeWork;
        var settings = CurrentTlsSettings(context.Remote);
        if (settings is null)
        {
            if (owned is not null)
            {
                await owned.DisposeAsync();
            }

            return ConnectionEndReason.TlsHandshakeFailed;
        }

        var server = new DeviceTlsServer(settings);
        context.Tls = server;
        var connection = TlsConnection.Server(transport, server, owned);
        try
        {
            TlsFailure? failure;
            using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            using (Device.Clock.Time.CreateTimer(static state => CancelQuietly((CancellationTokenSource)state!), limit, Options.HandshakeTimeout, Timeout.InfiniteTimeSpan))
            {
                try
                {
                    failure = await connection.HandshakeAsync(limit.Token);
                }
                catch (Exception ex) when (ex is SocketException or IOException)
                {
                    failure = new TlsFailure(ex.Message, null, null);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    Device.Audit.Add(new ConnectionAudit(Device.Clock.Now, context.Port, context.Remote, $"TLS handshake not finished within {Options.HandshakeTimeout}"));
                    return ConnectionEndReason.TimedOut;
                }
            }

            var done = failure is null && server.HandshakeComplete;
            AuditHandshake(server, context.Remote, settings.RequireClientCertificate, done, failure?.ToString());
            work.Dispose();
            if (!done)
            {
                if (linger is not null)
                {
                    await linger(FailedHandshakeLinger);
                }

                return server.ClientChainVerdict is { IsAccepted: false } ? ConnectionEndReason.ClientCertificateRejected : ConnectionEndReason.TlsHandshakeFailed;
            }

            var app = connection.Application;
            try
            {
                return await RunHttpConnectionAsync(app, context, cancellationToken);
            }
            finally
            {
                await app.Input.CompleteAsync();
            }
        }
        finally
        {
            await connection.DisposeAsync();
            server.DisposeKey();
        }
    }

    /// <summary>The work-tracker scope of one handshake, released once (after the audit entry, or when the connection ends).</summary>
    private sealed class HandshakeWork(WorkTracker.Scope scope) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                scope.Dispose();
            }
        }
    }

    private void AuditHandshake(DeviceTlsServer server, string remote, bool clientCertificateRequired, bool completed, string? failure)
    {
        var now = Device.Clock.Now;
        if (server.ClientChainVerdict is { } verdict)
        {
            var alert = verdict.IsAccepted ? (completed ? null : server.AlertRaised) : server.AlertRaised ?? (byte)AlertDescription.certificate_unknown;
            var detail = completed || !verdict.IsAccepted ? verdict.Detail : $"{verdict.Detail}; handshake then failed: {failure}";
            Device.Audit.Add(new TlsHandshakeAudit(now, remote, verdict.Reason, detail, alert, server.ClientLeafSubject));
            if (!verdict.IsAccepted)
            {
                Log.ChainRejected(_logger, remote, verdict.Reason, verdict.Detail);
            }
        }
        else if (completed && !clientCertificateRequired)
        {
            Device.Audit.Add(new TlsHandshakeAudit(now, remote, ValidationReason.Accepted, "no client certificate requested (provisioned)", null, null));
        }
        else if (!completed)
        {
            Device.Audit.Add(new ConnectionAudit(now, TlsEndPoint?.Port ?? Options.TlsPort, remote, $"TLS handshake failed: {failure}; alert {server.AlertRaised?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}"));
            Log.HandshakeFailed(_logger, remote, failure ?? "unknown");
        }
    }

    /// <summary>
    /// What a handshake starting now uses: before CommitChanges the setup certificate and a
    /// required client certificate; after, the certificate issued during provisioning (the setup
    /// one if none was issued) and no client certificate.
    /// </summary>
    private TlsServerSettings? CurrentTlsSettings(string remote)
    {
        var state = Device.State;
        X509Certificate2? provisioned;
        try
        {
            provisioned = state == ProvisioningState.Post ? Device.ProvisionedCertificate : null;
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            // The certificate AddCertificate stored is loaded here, on first use; .NET refused it.
            Log.ProvisionedCertificateUnreadable(_logger, Device.Identity.Uuid, ex.Message);
            return null;
        }

        var (certificate, key) = provisioned is not null ? (provisioned, null) : (Device.SetupCertificate, Device.SetupKey);
        if (certificate is null || (key is null && !certificate.HasPrivateKey))
        {
            Log.NoServerCertificate(_logger, Device.Identity.Uuid, state);
            return null;
        }

        return new TlsServerSettings(
            Device.Identity.Firmware.Tls,
            Converted(certificate),
            certificate,
            key,
            RequireClientCertificate: state != ProvisioningState.Post,
            chain => ValidateChain(chain, remote));
    }

    private ValidationResult ValidateChain(IReadOnlyList<X509Certificate2> chain, string remote)
    {
        using var profile = AmtSim.Runtime.Profiling.PhaseProfiler.Enter(AmtSim.Runtime.Profiling.ProfilePhase.DeviceChainValidation);
        try
        {
            return Options.Validator(chain, Device.ValidationContext());
        }
        catch (Exception ex) when (ex is not TlsFatalAlert)
        {
            Log.ValidatorFailed(_logger, remote, ex);
            throw new TlsFatalAlert(AlertDescription.internal_error, ex);
        }
    }

    private BcCertificate Converted(X509Certificate2 certificate)
    {
        lock (_certificateGate)
        {
            if (_certificateCache is { } cached && ReferenceEquals(cached.Source, certificate))
            {
                return cached.Converted;
            }

            var converted = DotNetRsaTlsCredentials.ChainOf([certificate]);
            _certificateCache = (certificate, converted);
            return converted;
        }
    }
}
