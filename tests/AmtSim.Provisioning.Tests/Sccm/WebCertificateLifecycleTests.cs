using System.Net;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Firmware.Device;
using AmtSim.Provisioning.Connect;
using AmtSim.Provisioning.Sccm;
using Xunit;

namespace AmtSim.Provisioning.Tests.Sccm;

/// <summary>
/// Seed 004: the maintenance task checks the web-server certificates the service point issued every
/// 7 days, renews at 42 days or fewer, revokes the old one with reason Superseded, and does not
/// renew over a wireless connection. A 60-day template puts the first due check on day 21 (39 days left).
/// </summary>
public sealed class WebCertificateLifecycleTests
{
    private static readonly TimeSpan Validity = TimeSpan.FromDays(60);

    private static async Task<X509Certificate2> ServedCertificateAsync(ServicePointTestWorld world)
    {
        await using var session = await DeviceTlsConnector.ConnectAsync(new IPEndPoint(world.Device.Network.Address, world.Web.TlsEndPoint!.Port), null, null, CancellationToken.None);
        return session.DeviceCertificate;
    }

    [Fact]
    public async Task Provision_HappyPath_DeviceServesCaIssuedCertificateAndIsRemembered()
    {
        await using var world = await ServicePointTestWorld.StartAsync(Validity);

        var outcome = await world.ProvisionAsync();

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(ProvisioningState.Post, world.Device.State);
        var remembered = Assert.Single(world.ServicePoint.ProvisionedDevices);
        Assert.Equal(world.Device.Identity.Hostname, remembered.Fqdn);
        Assert.Equal(world.Device.Network.Address, remembered.Address);
        var served = await ServedCertificateAsync(world);
        Assert.Equal(remembered.WebCertificate.Thumbprint, served.Thumbprint);
        Assert.Equal(world.Ca.Certificate.SubjectName.Name, served.IssuerName.Name);
        Assert.Equal(world.Device.Identity.Hostname, served.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
    }

    [Fact]
    public async Task MaintenanceTask_BeforeFortyTwoDaysLeft_RenewsNothing()
    {
        await using var world = await ServicePointTestWorld.StartAsync(Validity);
        await world.ProvisionAsync();
        var original = world.ServicePoint.ProvisionedDevices.Single().WebCertificate;

        await world.RunForAsync(TimeSpan.FromDays(20));

        var evaluations = world.ServicePoint.WebCertificateEvaluations;
        Assert.Equal([WebCertificateAction.Kept, WebCertificateAction.Kept], evaluations.Select(e => e.Action));
        Assert.Equal([52, 45], evaluations.Select(e => e.DaysLeft));
        Assert.Empty(world.Ca.Revocations);
        Assert.Equal(original.Thumbprint, (await ServedCertificateAsync(world)).Thumbprint);
    }

    [Fact]
    public async Task MaintenanceTask_FirstCheckAtOrUnderFortyTwoDays_RenewsAndRevokesOldSuperseded()
    {
        await using var world = await ServicePointTestWorld.StartAsync(Validity);
        await world.ProvisionAsync();
        var original = world.ServicePoint.ProvisionedDevices.Single().WebCertificate;
        var provisionedAt = world.Time.GetUtcNow();

        await world.RunForAsync(TimeSpan.FromDays(29));

        var evaluations = world.ServicePoint.WebCertificateEvaluations;
        Assert.Equal([WebCertificateAction.Kept, WebCertificateAction.Kept, WebCertificateAction.Renewed, WebCertificateAction.Kept], evaluations.Select(e => e.Action));
        var renewal = evaluations[2];
        Assert.Equal(38, renewal.DaysLeft);
        Assert.InRange(renewal.At - provisionedAt, TimeSpan.FromDays(21) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(21) + TimeSpan.FromMinutes(1));

        var revocation = Assert.Single(world.Ca.Revocations);
        Assert.Equal(original.SerialNumber, revocation.SerialNumber);
        Assert.Equal(X509RevocationReason.Superseded, revocation.Reason);

        var renewed = renewal.NewCertificate!;
        Assert.NotEqual(original.SerialNumber, renewed.SerialNumber);
        Assert.Equal(world.Device.Identity.Hostname, renewed.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        Assert.Equal(renewed.Thumbprint, world.ServicePoint.ProvisionedDevices.Single().WebCertificate.Thumbprint);
        Assert.Equal(renewed.Thumbprint, (await ServedCertificateAsync(world)).Thumbprint);
        Assert.Contains(world.ServicePoint.LogLines, l => l == $"Renewed the web server certificate of AMT device {world.Device.Identity.Hostname}. The old certificate {original.SerialNumber} is revoked with reason Superseded.");
    }

    [Fact]
    public async Task MaintenanceTask_WirelessDevice_DueButNotRenewed()
    {
        await using var world = await ServicePointTestWorld.StartAsync(Validity, wireless: true);
        await world.ProvisionAsync();
        var original = world.ServicePoint.ProvisionedDevices.Single().WebCertificate;

        await world.RunForAsync(TimeSpan.FromDays(29));

        Assert.Equal(
            [WebCertificateAction.Kept, WebCertificateAction.Kept, WebCertificateAction.SkippedWireless, WebCertificateAction.SkippedWireless],
            world.ServicePoint.WebCertificateEvaluations.Select(e => e.Action));
        Assert.Empty(world.Ca.Revocations);
        Assert.Single(world.Ca.Requests);
        Assert.Equal(original.Thumbprint, (await ServedCertificateAsync(world)).Thumbprint);
        var line = $"Warning: AMT device {world.Device.Identity.Hostname} is connected by a wireless network connection. Its web server certificate can't be renewed.";
        Assert.Equal(2, world.ServicePoint.LogLines.Count(l => l == line));
    }

    [Fact]
    public async Task Reprovision_AfterLocalUnprovision_RevokesThePreviousCertificateSuperseded()
    {
        await using var world = await ServicePointTestWorld.StartAsync(Validity);
        await world.ProvisionAsync();
        var first = world.ServicePoint.ProvisionedDevices.Single().WebCertificate;

        // MEBx "full unprovision": the device forgets its configuration and greets again.
        world.Device.ProvisionedCertificate = null;
        world.Device.AdminDigestHa1 = null;
        world.Device.WsmanState.ResetProvisioningData();
        world.Device.Apply(LifecycleEvent.Unprovisioned, "MEBx unprovision");
        var outcome = await world.ProvisionAsync();

        Assert.True(outcome.Succeeded, outcome.Detail);
        var second = world.ServicePoint.ProvisionedDevices.Single().WebCertificate;
        Assert.NotEqual(first.SerialNumber, second.SerialNumber);
        var revocation = Assert.Single(world.Ca.Revocations);
        Assert.Equal(first.SerialNumber, revocation.SerialNumber);
        Assert.Equal(X509RevocationReason.Superseded, revocation.Reason);
        Assert.Equal(second.Thumbprint, (await ServedCertificateAsync(world)).Thumbprint);
    }
}
