using AmtSim.Runtime.Time;
using AmtSim.Provisioning.Sccm.Log;
using Xunit;

namespace AmtSim.Provisioning.Tests.Sccm;

public class AmtOpMgrLogTests
{
    private static readonly DateTimeOffset SeedTime = new(2009, 11, 19, 11, 35, 1, TimeSpan.Zero);

    [Fact]
    public void Render_ExpiryWarning_MatchesSeed000Text()
    {
        var text = AmtOpMgrMessages.ProvisionCertExpiring.Render("55B7AF313A725CA10BB47A382494A3BD2927D1FB", 4, 1);

        Assert.Equal("Error: The provisioning certificate with the thumbprint 55B7AF313A725CA10BB47A382494A3BD2927D1FB will expire in 4 day(s). Please ensure that this certificate is renewed. (CertID = 1)", text);
    }

    [Fact]
    public void Render_MissedDeviceCertificate_KeepsTheSeedTypo()
    {
        var text = AmtOpMgrMessages.MissedDeviceCertificate.Render(60752);

        Assert.Equal("Error: Missed device certificate. To provision device with TLS server or Mutual authentication mode, device certficate is required. (MachineId = 60752)", text);
    }

    [Fact]
    public void Render_WrongNumberOfValues_Throws()
        => Assert.Throws<ArgumentException>(() => AmtOpMgrMessages.RetryValidateClientCert.Render(1));

    [Fact]
    public void Pattern_RenderedMessage_MatchesAndCapturesHoles()
    {
        var msg = AmtOpMgrMessages.RetryValidateClientCert;
        var m = msg.Pattern.Match(msg.Render(3, "vprosystem.subdomain.mydomain.com"));

        Assert.True(m.Success);
        Assert.Equal("3", m.Groups["Attempt"].Value);
        Assert.Equal("vprosystem.subdomain.mydomain.com", m.Groups["Fqdn"].Value);
    }

    [Fact]
    public void Catalogue_Ids_AreUnique()
        => Assert.Equal(AmtOpMgrMessages.All.Count, AmtOpMgrMessages.All.Select(m => m.Id).Distinct().Count());

    [Fact]
    public void FormatLine_ViewerColumns_LooksLikeTheSeeds()
    {
        var log = new AmtOpMgrLog(new VirtualTimeProvider(SeedTime));
        var entry = log.Write(2880, AmtOpMgrMessages.GetCertificateData);

        Assert.Equal("Get certificate data from database.\tSMS_AMT_OPERATION_MANAGER\t11/19/2009 11:35:01 AM\t2880 (0x0B40)", AmtOpMgrLog.FormatLine(entry, LogFormat.ViewerColumns));
    }

    [Fact]
    public void FormatLine_Sccm2007_UsesRawLayout()
    {
        var log = new AmtOpMgrLog(new VirtualTimeProvider(SeedTime));
        var entry = log.Write(2700, AmtOpMgrMessages.GetCertificateData);

        Assert.Equal("Get certificate data from database.  $$<SMS_AMT_OPERATION_MANAGER><11-19-2009 11:35:01.000+000><thread=2700 (0xA8C)>", AmtOpMgrLog.FormatLine(entry, LogFormat.Sccm2007));
    }

    [Fact]
    public void FormatLine_CmTrace_CarriesSeverityAndThread()
    {
        var log = new AmtOpMgrLog(new VirtualTimeProvider(SeedTime));
        var entry = log.Write(2880, AmtOpMgrMessages.TlsHandshakeDisconnected);

        Assert.Equal("<![LOG[Server unexpectedly disconnected when TLS handshaking.]LOG]!><time=\"11:35:01.000+000\" date=\"11-19-2009\" component=\"SMS_AMT_OPERATION_MANAGER\" context=\"\" type=\"3\" thread=\"2880\" file=\"amtopmgr.cpp\">", AmtOpMgrLog.FormatLine(entry, LogFormat.CmTrace));
    }
}
