using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace AmtSim.Firmware.Cira;

/// <summary>
/// The MPS dial on .NET's SslStream: TCP from the device's address, TLS 1.2 only, no client
/// certificate (password authentication happens in APF), and the MPS chain built against the
/// device's trusted roots alone (custom root trust, no revocation: AMT downloads no CRLs),
/// at the device clock's time, then the name check.
/// </summary>
public sealed class SslStreamMpsTransport : IMpsTransport
{
    public static SslStreamMpsTransport Instance { get; } = new();

    public async Task<MpsDial> DialAsync(MpsDialRequest request, CancellationToken cancellationToken)
    {
        var socket = new Socket(request.Remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new System.Net.IPEndPoint(request.Local, 0));
            await socket.ConnectAsync(request.Remote, cancellationToken);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            return new MpsDial(MpsDialOutcome.Unreachable, $"TCP to {request.Remote} from {request.Local}: {ex.SocketErrorCode}");
        }

        string? verdict = null;
        var outcome = MpsDialOutcome.TlsFailed;
        string? subject = null;
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false, (_, certificate, chain, errors) =>
        {
            if (certificate is null)
            {
                verdict = "the MPS sent no certificate";
                outcome = MpsDialOutcome.CertificateUntrusted;
                return false;
            }

            var leaf = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
            subject = leaf.Subject;
            (outcome, verdict) = Judge(leaf, chain, errors, request);
            return outcome == MpsDialOutcome.Connected;
        });

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(request.HandshakeTimeout);
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = request.ServerName,
                EnabledSslProtocols = SslProtocols.Tls12,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, limit.Token);
            return new MpsDial(MpsDialOutcome.Connected, $"TLS 1.2 to {request.Remote}, certificate '{subject}'", ssl, subject);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException or SocketException)
        {
            await ssl.DisposeAsync();
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            return verdict is not null && outcome != MpsDialOutcome.Connected
                ? new MpsDial(outcome, verdict, ServerSubject: subject)
                : new MpsDial(MpsDialOutcome.TlsFailed, ex is OperationCanceledException ? $"TLS handshake with {request.Remote} not finished within {request.HandshakeTimeout}" : $"TLS handshake with {request.Remote}: {ex.Message}", ServerSubject: subject);
        }
    }

    private static (MpsDialOutcome, string) Judge(X509Certificate2 leaf, X509Chain? presented, SslPolicyErrors errors, MpsDialRequest request)
    {
        if (request.TrustedRoots.Count == 0)
        {
            return (MpsDialOutcome.CertificateUntrusted, $"certificate '{leaf.Subject}': the device holds no trusted root certificate (AddTrustedRootCertificate)");
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = request.Now.UtcDateTime;
        chain.ChainPolicy.CustomTrustStore.AddRange(request.TrustedRoots.ToArray());
        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (!chain.Build(leaf))
        {
            var status = string.Join(", ", chain.ChainStatus.Select(s => s.Status).Distinct());
            var top = chain.ChainElements.Count > 0 ? chain.ChainElements[^1].Certificate : leaf;
            var root = top.SubjectName.RawData.AsSpan().SequenceEqual(top.IssuerName.RawData) ? top.Subject : top.Issuer;
            return (MpsDialOutcome.CertificateUntrusted, $"certificate '{leaf.Subject}' chains to '{root}', not to one of the {request.TrustedRoots.Count} trusted root(s) ({status})");
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 || !leaf.MatchesHostname(request.ServerName, allowWildcards: true, allowCommonName: true))
        {
            return (MpsDialOutcome.CertificateNameMismatch, $"certificate '{leaf.Subject}' does not name '{request.ServerName}'");
        }

        return (MpsDialOutcome.Connected, "trusted");
    }
}
