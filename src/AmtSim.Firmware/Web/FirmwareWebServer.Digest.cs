using System.IO.Pipelines;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Web.Digest;
using AmtSim.Firmware.Wsman;
using AmtSim.Protocol.Http;

namespace AmtSim.Firmware.Web;

public sealed partial class FirmwareWebServer
{
    /// <summary>
    /// Who is calling, or null after writing AMT's 401. On 16993 before provisioning, a client
    /// whose provisioning chain was accepted in the handshake is "admin" with an empty password
    /// (setup mode, amt-reference.md §1.3) and sends no Digest; everyone else uses Digest. The first
    /// request of such a setup session moves the device from pre- to in-provisioning.
    /// </summary>
    private WsmanCaller? Authorize(HttpRequest request, PipeWriter output, ConnectionContext context)
    {
        if (context.Tls is { ClientCertificateAccepted: true } && Device.State != ProvisioningState.Post)
        {
            if (Device.State == ProvisioningState.Pre)
            {
                Device.Apply(LifecycleEvent.SetupSessionAccepted, "TLS setup session with an accepted provisioning certificate");
            }

            return new WsmanCaller(Device.AdminUser, context.Remote, OverTls: true, ClientCertificateAccepted: true);
        }

        var outcome = Digest.Authenticate(request.Method, request.Target, request.Headers["Authorization"], context.Remote);
        if (outcome.Accepted)
        {
            return new WsmanCaller(outcome.User, context.Remote, context.OverTls, ClientCertificateAccepted: false);
        }

        if (outcome.Verdict != DigestVerdict.Missing)
        {
            Log.AuthRefused(_logger, outcome.User, context.Remote, outcome.Verdict, outcome.Detail);
        }

        WriteUnauthorized(output, outcome.Verdict == DigestVerdict.StaleNonce);
        return null;
    }

    private void WriteUnauthorized(PipeWriter output, bool stale)
        => HttpResponseWriter.WriteUnauthorized(output, Digest.Realm, Digest.NewNonce(), stale, FirmwareVersionText);
}
