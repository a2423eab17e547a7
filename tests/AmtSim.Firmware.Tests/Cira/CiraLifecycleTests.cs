using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Cira;
using AmtSim.Testing.Web;
using Xunit;

namespace AmtSim.Firmware.Tests.Cira;

public sealed class CiraLifecycleTests
{
    public static TheoryData<CiraStatus, CiraEvent> IllegalPairs()
    {
        var data = new TheoryData<CiraStatus, CiraEvent>();
        foreach (var status in Enum.GetValues<CiraStatus>())
        {
            foreach (var e in Enum.GetValues<CiraEvent>())
            {
                if (CiraLifecycle.Find(status, e) is null)
                {
                    data.Add(status, e);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(IllegalPairs))]
    public void ApplyCira_EventTheStateDoesNotAllow_RefusedAuditedAndStateKept(CiraStatus status, CiraEvent refused)
    {
        var device = WebTestDevices.Create(withCertificate: false);
        Drive(device, status);

        Assert.False(device.ApplyCira(refused, "test"));

        Assert.Equal(status, device.CiraStatus);
        var last = device.Audit.OfType<CiraAudit>()[^1];
        Assert.True(last.Refused);
        Assert.Equal(refused, last.Event);
    }

    [Fact]
    public void Table_ConnectedCanOnlyDropBreakOrStop()
    {
        Assert.Equal(
            [CiraEvent.Dropped, CiraEvent.ProtocolError, CiraEvent.Stopped],
            Enum.GetValues<CiraEvent>().Where(e => CiraLifecycle.Find(CiraStatus.CiraConnected, e) is not null));
    }

    [Fact]
    public void ApplyCira_SameEventAndDetailTwice_AuditedOnce()
    {
        var device = WebTestDevices.Create(withCertificate: false);

        device.ApplyCira(CiraEvent.Unconfigured, "CIRA not configured: no remote access policy");
        device.ApplyCira(CiraEvent.NotRequired, "inside");
        device.ApplyCira(CiraEvent.NotRequired, "inside");

        Assert.Single(device.Audit.OfType<CiraAudit>());
    }

    /// <summary>Brings a fresh device to <paramref name="status"/> through legal events only.</summary>
    private static void Drive(AmtSim.Firmware.Device.AmtDevice device, CiraStatus status)
    {
        CiraEvent[] path = status switch
        {
            CiraStatus.Off => [],
            CiraStatus.CiraNotRequired => [CiraEvent.NotRequired],
            CiraStatus.Connecting => [CiraEvent.Dial],
            CiraStatus.CiraConnected => [CiraEvent.Dial, CiraEvent.Established],
            CiraStatus.CiraDisconnected => [CiraEvent.Dial, CiraEvent.Established, CiraEvent.Dropped],
            CiraStatus.MpsUnreachable => [CiraEvent.Dial, CiraEvent.Unreachable],
            CiraStatus.MpsCertificateUntrusted => [CiraEvent.Dial, CiraEvent.CertificateUntrusted],
            CiraStatus.MpsCertificateNameMismatch => [CiraEvent.Dial, CiraEvent.CertificateNameMismatch],
            CiraStatus.MpsTlsFailed => [CiraEvent.Dial, CiraEvent.TlsFailed],
            CiraStatus.MpsAuthenticationFailed => [CiraEvent.Dial, CiraEvent.AuthenticationFailed],
            CiraStatus.MpsProtocolError => [CiraEvent.Dial, CiraEvent.ProtocolError],
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        foreach (var e in path)
        {
            Assert.True(device.ApplyCira(e, "drive " + e));
        }

        Assert.Equal(status, device.CiraStatus);
    }
}
