using AmtSim.Firmware.Profiles;
using AmtSim.Firmware.Validation;
using Xunit;

namespace AmtSim.Firmware.Tests.Validation;

public sealed class DnsSuffixMatcherTests
{
    private static readonly FirmwareVersion Amt11 = new(11, 8);

    // The seed 004 examples under both rules (device suffix = device FQDN's domain, CN = service point FQDN).
    [Theory]
    [InlineData("server1.contoso.com", "contoso.com", true)]
    [InlineData("server1.contoso.com", "sales.contoso.com", true)]
    [InlineData("server1.marketing.contoso.com", "sales.contoso.com", true)]
    [InlineData("server1.northwindtraders.com", "contoso.com", false)]
    [InlineData("server1.contoso.com", "northwindtraders.com", false)]
    public void Match_Seed004Examples_SameVerdictUnderBothRules(string cn, string suffix, bool expected)
    {
        Assert.Equal(expected, DnsSuffixMatcher.Match(cn, suffix, DnsSuffixRule.Intel, Amt11).IsMatch);
        Assert.Equal(expected, DnsSuffixMatcher.Match(cn, suffix, DnsSuffixRule.MeshCentralTld, Amt11).IsMatch);
    }

    [Theory]
    [InlineData("server1.contoso.com", "a.contoso.com")]
    [InlineData("server1.contoso.com", "b.sales.contoso.com")]
    [InlineData("server1.contoso.net", "b.sales.contoso.net")]
    [InlineData("server1.contoso.org", "contoso.org")]
    [InlineData("server1.corp.contoso.local", "corp.contoso.local")]
    [InlineData("SERVER1.Contoso.COM.", "contoso.com")]
    [InlineData("server1.contoso.com", "CONTOSO.com.")]
    [InlineData("*.contoso.com", "contoso.com")]
    public void MatchIntel_DomainOrLastTwoLabels_Matches(string cn, string suffix)
    {
        var match = DnsSuffixMatcher.MatchIntel(cn, suffix, lastTwoLabels: true);

        Assert.True(match.IsMatch, match.Explanation);
    }

    [Theory]
    [InlineData("server1.contoso.org", "sales.contoso.org")]
    [InlineData("server1.contoso.co.uk", "sales.contoso.co.uk")]
    [InlineData("server1.sales.contoso.local", "contoso.local")]
    [InlineData("server1.contoso.com", "xcontoso.com")]
    [InlineData("server1.contoso.com", "com")]
    [InlineData("server1", "contoso.com")]
    [InlineData("server1..contoso.com", "contoso.com")]
    [InlineData("server1.contoso.com", "")]
    public void MatchIntel_OutsideTheRule_DoesNotMatch(string cn, string suffix)
    {
        var match = DnsSuffixMatcher.MatchIntel(cn, suffix, lastTwoLabels: true);

        Assert.False(match.IsMatch, match.Explanation);
    }

    [Fact]
    public void Match_IntelRuleBeforeAmt26_NoLastTwoLabelsMatch()
    {
        Assert.False(DnsSuffixMatcher.Match("server1.contoso.com", "sales.contoso.com", DnsSuffixRule.Intel, new FirmwareVersion(2, 5)).IsMatch);
        Assert.True(DnsSuffixMatcher.Match("server1.contoso.com", "sales.contoso.com", DnsSuffixRule.Intel, new FirmwareVersion(2, 6)).IsMatch);
        Assert.True(DnsSuffixMatcher.Match("server1.contoso.com", "contoso.com", DnsSuffixRule.Intel, new FirmwareVersion(2, 5)).IsMatch);
    }

    [Theory]
    [InlineData("server1.contoso.org", "sales.contoso.org")]
    [InlineData("server1.contoso.de", "a.b.contoso.de")]
    [InlineData("server1.contoso.ua", "contoso.ua")]
    [InlineData("server1.contoso.co.uk", "sales.contoso.co.uk")]
    [InlineData("server1.contoso.com.br", "contoso.com.br")]
    [InlineData("a.b.contoso.gouv.fr", "x.contoso.gouv.fr")]
    [InlineData("*.contoso.com", "sales.contoso.com")]
    [InlineData("Server1.Contoso.ON.CA.", "sales.contoso.on.ca")]
    [InlineData("server1.corp.local", "server1.corp.local")]
    [InlineData("server1.corp.local", "x.server1.corp.local")]
    public void MatchMeshCentral_TldTableDomain_Matches(string cn, string suffix)
    {
        var match = DnsSuffixMatcher.MatchMeshCentral(cn, suffix);

        Assert.True(match.IsMatch, match.Explanation);
    }

    [Theory]
    [InlineData("server1.contoso.co.uk", "other.co.uk")]
    [InlineData("server1.contoso.com.br", "com.br")]
    [InlineData("server1.corp.local", "corp.local")]
    [InlineData("server1.contoso.de", "contoso.com")]
    [InlineData("server1.contoso.io", "contoso.io")]
    public void MatchMeshCentral_OutsideTheTldDomain_DoesNotMatch(string cn, string suffix)
    {
        var match = DnsSuffixMatcher.MatchMeshCentral(cn, suffix);

        Assert.False(match.IsMatch, match.Explanation);
    }

    [Fact]
    public void MeshCentralTldTable_TwoAndThreeLabelTlds_AsDocumented()
    {
        foreach (var tld in new[] { "com", "net", "org", "gov", "edu", "de", "ch", "dk", "cz", "cl", "ua" })
        {
            Assert.Equal(2, MeshCentralTldTable.LabelsFor(tld));
        }

        foreach (var tld in new[] { "fr", "cn", "nl", "br", "mx", "uk", "pl", "tw", "ca" })
        {
            Assert.Equal(3, MeshCentralTldTable.LabelsFor(tld));
        }

        Assert.Null(MeshCentralTldTable.LabelsFor("local"));
    }
}
