using System.Net;
using AmtSim.Pki.Ca;
using AmtSim.Runtime.Errors;
using AmtSim.Provisioning.Sccm;
using Xunit;

namespace AmtSim.Provisioning.Tests.Sccm;

public class SccmKnobsTests
{
    private static readonly OobServicePointOptions Defaults = new()
    {
        Fqdn = "oobsp.contoso.com",
        Address = IPAddress.Loopback,
        ProvisioningPfxPath = "x.pfx",
        ProvisioningPfxPassword = "pw",
        Ca = null!,
    };

    [Fact]
    public void ApplyEnvironment_NothingSet_KeepsTheSeedDefaults()
    {
        var o = SccmKnobs.ApplyEnvironment(Defaults, _ => null);

        Assert.Equal(5, o.CertificateRetries);
        Assert.Equal(TimeSpan.FromSeconds(20), o.CertificateRetryInterval);
        Assert.Equal(40, o.WarningDays);
        Assert.Equal(15, o.CriticalDays);
        Assert.Equal(42, o.WebCertificateRenewDays);
    }

    [Fact]
    public void ApplyEnvironment_RetriesSet_OverridesThem()
    {
        var env = new Dictionary<string, string> { [SccmKnobs.CertRetries] = "3", [SccmKnobs.CertRetrySeconds] = "5" };

        var o = SccmKnobs.ApplyEnvironment(Defaults, env.GetValueOrDefault);

        Assert.Equal(3, o.CertificateRetries);
        Assert.Equal(TimeSpan.FromSeconds(5), o.CertificateRetryInterval);
    }

    [Fact]
    public void ApplyEnvironment_BadValue_NamesTheVariable()
    {
        var ex = Assert.Throws<InvalidInputException>(() => SccmKnobs.ApplyEnvironment(Defaults, n => n == SccmKnobs.WarningDays ? "forty" : null));

        Assert.Equal("AMTSIM_SCCM_WARNING_DAYS='forty' is not a whole number from 1 to 3650", ex.Message);
    }
}
