using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Validation;
using AmtSim.Firmware.Web;
using AmtSim.Firmware.Wsman;
using AmtSim.Provisioning.External;
using AmtSim.Testing;
using AmtSim.Testing.Fixtures;
using AmtSim.Testing.Web;
using Xunit;

namespace AmtSim.Interop.Tests.Provisioning;

/// <summary>
/// Issue 5 acceptance: an external-process server (a bash + openssl script) drives a device through
/// the adapter. The script learns the device from the devices file, opens TLS to it presenting the
/// fixture provisioning chain from the PFX it was handed, and sends one WS-Man Get over that session.
/// </summary>
public class ExternalServerScriptTests
{
    private static readonly string Script = Path.Combine(RepoFixtures.RepositoryRoot, "tests", "AmtSim.Interop.Tests", "Provisioning", "Scripts", "wsman-get-over-provisioning-tls.sh");

    [RequiresProgramFact("openssl", "apt-get install openssl")]
    public async Task ExternalScript_ProvisioningChainOverTls_GetsGeneralSettingsAndDeviceAuditsIt()
    {
        var now = RepoFixtures.Manifest.Device.Now;
        var device = WebTestDevices.Create();
        device.HashTable.InsertRange(0, RepoFixtures.TrustedTable(device.Identity.Firmware.Version.Major).Where(h => !h.IsDefault));
        await using var web = new FirmwareWebServer(device, new WsmanService(device), WebTestDevices.Options(validator: (c, ctx) => ProvisioningCertificateValidator.Instance.Validate(c, ctx with { Now = now })));
        web.Start();
        var fixture = RepoFixtures.Fixture("prov-valid");
        var work = Directory.CreateTempSubdirectory("amtsim-external-script-").FullName;
        try
        {
            await using var server = new ExternalProcessServer(new ExternalServerOptions
            {
                Command = ["bash", Script],
                Address = WebTestDevices.NextAddress(),
                Devices = [new ExternalDevice(device.Identity.Uuid, device.Network.Address, device.Identity.Hostname, device.Identity.Firmware.Version.ToString(), web.TlsEndPoint!.Port)],
                ProvisioningPfx = RepoFixtures.PathOf(fixture.Files.Pfx!),
                ProvisioningPfxPassword = RepoFixtures.Manifest.PfxPassword,
                WorkingDirectory = work,
            });

            await server.StartAsync(CancellationToken.None);
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            var exit = await server.WaitForExitAsync(limit.Token);
            await server.StopAsync();

            var log = string.Join('\n', server.LogLines.Concat(device.Audit.OfType<AuditEntry>().Select(a => a.ToString())));
            Assert.True(exit == 0, log);
            Assert.Contains($"external: device {device.Identity.Hostname} at {device.Network.Address}:{web.TlsEndPoint.Port}", server.LogLines);
            Assert.Contains("external: status HTTP/1.1 200 OK", server.LogLines);
            Assert.Contains($"external: DigestRealm {device.DigestRealm}", server.LogLines);

            var handshake = Assert.Single(device.Audit.OfType<TlsHandshakeAudit>());
            Assert.Equal(ValidationReason.Accepted, handshake.Reason);
            Assert.Null(handshake.AlertSent);
            Assert.Contains(device.Audit.OfType<WsmanCallAudit>(), a => a.ResourceClass == "AMT_GeneralSettings" && a.Action == "Get" && a.Succeeded);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
