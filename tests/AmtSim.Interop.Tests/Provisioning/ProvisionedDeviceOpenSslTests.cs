using System.Globalization;
using AmtSim.Firmware.Device;
using AmtSim.Provisioning.Tests.Sccm;
using AmtSim.Testing;
using AmtSim.Testing.Web;
using Xunit;

namespace AmtSim.Interop.Tests.Provisioning;

/// <summary>Issue 5 acceptance: after the service point's happy path, a real openssl s_client sees the CA-issued certificate on 16993.</summary>
public class ProvisionedDeviceOpenSslTests
{
    [RequiresProgramFact("openssl", "apt-get install openssl")]
    public async Task SClient_AfterHappyPathProvisioning_SeesCaIssuedCertificateForDeviceFqdn()
    {
        await using var world = await ServicePointTestWorld.StartAsync(TimeSpan.FromDays(365));
        var outcome = await world.ProvisionAsync();
        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(ProvisioningState.Post, world.Device.State);
        var endpoint = world.Web.TlsEndPoint!;

        var result = await ExternalProgram.RunAsync(
            "openssl",
            ["s_client", "-connect", $"{endpoint.Address}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}", "-showcerts"],
            stdin: "",
            timeout: TimeSpan.FromSeconds(60));

        var issued = world.ServicePoint.ProvisionedDevices.Single().WebCertificate;
        var text = result.StdOut.Replace(" = ", "=", StringComparison.Ordinal);
        Assert.Contains($"subject=CN={world.Device.Identity.Hostname}", text, StringComparison.Ordinal);
        Assert.Contains(text.Split('\n'), l => l.StartsWith("issuer=", StringComparison.Ordinal) && l.Contains("CN=Contoso Test Issuing CA", StringComparison.Ordinal));
        Assert.Contains(issued.ExportCertificatePem().Split('\n')[1], result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(world.Device.SetupCertificate!.ExportCertificatePem().Split('\n')[1], result.StdOut, StringComparison.Ordinal);
    }
}
