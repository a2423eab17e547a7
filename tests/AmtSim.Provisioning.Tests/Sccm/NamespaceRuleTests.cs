using AmtSim.Provisioning.Sccm;
using Xunit;

namespace AmtSim.Provisioning.Tests.Sccm;

/// <summary>The namespace examples of seed 004, word for word.</summary>
public class NamespaceRuleTests
{
    [Theory]
    [InlineData("computer1.contoso.com", "server1.contoso.com")]
    [InlineData("computer1.sales.contoso.com", "server1.contoso.com")]
    [InlineData("computer1.sales.contoso.com", "server1.marketing.contoso.com")]
    public void ShareNamespace_Seed004SharedExamples_Share(string device, string servicePoint)
    {
        Assert.True(NamespaceRule.ShareNamespace(device, servicePoint));
        Assert.Equal("contoso.com", NamespaceRule.SharedNamespace(device, servicePoint));
    }

    [Theory]
    [InlineData("computer1.contoso.com", "server1.northwindtraders.com")]
    [InlineData("computer1.northwindtraders.com", "server1.contoso.com")]
    [InlineData("computer1.contoso.com", "server1.fabrikam.com")]
    [InlineData("computer1", "server1.contoso.com")]
    public void ShareNamespace_Seed004DisjointExamples_DoNotShare(string device, string servicePoint)
        => Assert.False(NamespaceRule.ShareNamespace(device, servicePoint));

    [Fact]
    public void ShareNamespace_DifferentCaseAndTrailingDot_Share()
        => Assert.True(NamespaceRule.ShareNamespace("PC1.Sales.CONTOSO.com.", "oobsp.contoso.COM"));
}
