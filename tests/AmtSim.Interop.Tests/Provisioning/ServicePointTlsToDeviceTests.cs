using System.Net;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Validation;
using AmtSim.Firmware.Web;
using AmtSim.Firmware.Wsman;
using AmtSim.Provisioning.Connect;
using AmtSim.Testing.Fixtures;
using AmtSim.Testing.Web;
using Xunit;

namespace AmtSim.Interop.Tests.Provisioning;

/// <summary>The service point's TLS client against the simulated firmware's TLS server, on every TLS generation, with fixture chains.</summary>
public class ServicePointTlsToDeviceTests
{
    private static ProvisioningCredential Credential(string fixture)
    {
        var chain = RepoFixtures.PresentedChain(fixture);
        var f = RepoFixtures.Fixture(fixture);
        using var leaf = X509Certificate2.CreateFromPemFile(RepoFixtures.PathOf(f.Files.Certificate!), RepoFixtures.PathOf(f.Files.Key!));
        return new ProvisioningCredential(chain, leaf.GetRSAPrivateKey()!);
    }

    private static async Task<(DeviceTlsSession? Session, DeviceTlsException? Error, Firmware.Device.AmtDevice Device)> ConnectAsync(string firmware, string fixture)
    {
        var device = WebTestDevices.Create(firmware);
        device.HashTable.InsertRange(0, RepoFixtures.TrustedTable(device.Identity.Firmware.Version.Major).Where(h => !h.IsDefault));
        device.Network.DhcpDomainSuffix = "contoso.com";
        await using var server = new FirmwareWebServer(device, new WsmanService(device), WebTestDevices.Options(validator: (c, ctx) => ProvisioningCertificateValidator.Instance.Validate(c, ctx with { Now = RepoFixtures.Manifest.Device.Now })));
        server.Start();
        try
        {
            var session = await DeviceTlsConnector.ConnectAsync(server.TlsEndPoint!, IPAddress.Loopback, Credential(fixture), CancellationToken.None);
            return (session, null, device);
        }
        catch (DeviceTlsException ex)
        {
            return (null, ex, device);
        }
    }

    [Theory]
    [InlineData("11.8.50.3425", "TLS 1.1")]
    [InlineData("12.0.45.1509", "TLS 1.2")]
    [InlineData("16.1.25.2124", "TLS 1.2")]
    [InlineData("19.0.0.1854", "TLS 1.2")]
    public async Task Connect_ValidFixtureChain_HandshakeAcceptedOnEveryGeneration(string firmware, string version)
    {
        var (session, error, device) = await ConnectAsync(firmware, "prov-valid");

        Assert.Null(error?.ToString());
        await using (session)
        {
            Assert.Equal(version, session!.Version);
        }

        Assert.Equal(ValidationReason.Accepted, device.Audit.OfType<TlsHandshakeAudit>().Single().Reason);
    }

    [Theory]
    [InlineData("11.8.50.3425", "prov-via-expired-intermediate", ValidationReason.IntermediateExpired)]
    [InlineData("16.1.25.2124", "prov-via-expired-intermediate", ValidationReason.IntermediateExpired)]
    [InlineData("16.1.25.2124", "prov-sha1", ValidationReason.Sha1NotAllowed)]
    [InlineData("16.1.25.2124", "prov-1024", ValidationReason.KeyTooSmall)]
    [InlineData("11.8.50.3425", "prov-untrusted-root", ValidationReason.RootNotTrusted)]
    [InlineData("16.1.25.2124", "prov-valid-nochain", ValidationReason.ChainIncomplete)]
    public async Task Connect_RejectedFixtureChain_DeviceSendsAlert46WithTypedReason(string firmware, string fixture, ValidationReason reason)
    {
        var (session, error, device) = await ConnectAsync(firmware, fixture);

        Assert.Null(session);
        Assert.Equal((byte)46, error!.AlertReceived);
        var audit = device.Audit.OfType<TlsHandshakeAudit>().Single();
        Assert.Equal(reason, audit.Reason);
        Assert.Equal((byte)46, audit.AlertSent);
    }
}
