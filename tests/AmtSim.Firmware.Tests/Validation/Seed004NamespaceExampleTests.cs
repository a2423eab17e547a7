using AmtSim.Firmware.Profiles;
using AmtSim.Firmware.Validation;
using AmtSim.Protocol.Hello;
using Xunit;

namespace AmtSim.Firmware.Tests.Validation;

/// <summary>
/// The namespace examples of seed 004 (SCCM 2007 "Certificate Subject Name Requirements"), one test
/// each, through the whole validator with the default (Intel) rule on AMT 2.6+ firmware. The device's
/// trusted suffix is its FQDN's domain; the provisioning certificate's CN is the out of band service
/// point's FQDN.
/// </summary>
public sealed class Seed004NamespaceExampleTests
{
    private static ValidationResult Provision(string deviceFqdn, string servicePointFqdn, string firmware)
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { CommonName = servicePointFqdn }));
        var suffix = deviceFqdn[(deviceFqdn.IndexOf('.', StringComparison.Ordinal) + 1)..];
        // Old firmware's table is SHA-1 (amt-reference.md §3), so its custom entry is SHA-1 too.
        var algorithm = FirmwareVersion.Parse(firmware).Major < 11 ? CertHashType.Sha1 : CertHashType.Sha256;
        return ProvisioningCertificateValidator.Instance.Validate(chain.Presented, TestContexts.For(chain.Root, firmware, suffix, algorithm: algorithm));
    }

    [Theory]
    [InlineData("11.8")]
    [InlineData("3.2")]
    public void Validate_DeviceComputer1ContosoComAndServer1ContosoCom_SharesNamespaceAndAccepts(string firmware)
    {
        var result = Provision("computer1.contoso.com", "server1.contoso.com", firmware);

        Assert.True(result.IsAccepted, result.ToString());
    }

    [Theory]
    [InlineData("11.8")]
    [InlineData("3.2")]
    public void Validate_DeviceComputer1SalesContosoComAndServer1ContosoCom_SharesNamespaceAndAccepts(string firmware)
    {
        var result = Provision("computer1.sales.contoso.com", "server1.contoso.com", firmware);

        Assert.True(result.IsAccepted, result.ToString());
    }

    [Theory]
    [InlineData("11.8")]
    [InlineData("3.2")]
    public void Validate_DeviceComputer1SalesContosoComAndServer1MarketingContosoCom_SharesNamespaceAndAccepts(string firmware)
    {
        var result = Provision("computer1.sales.contoso.com", "server1.marketing.contoso.com", firmware);

        Assert.True(result.IsAccepted, result.ToString());
    }

    [Theory]
    [InlineData("11.8")]
    [InlineData("3.2")]
    public void Validate_DeviceComputer1ContosoComAndServer1NorthwindtradersCom_DoesNotShareNamespaceAndRejects(string firmware)
    {
        var result = Provision("computer1.contoso.com", "server1.northwindtraders.com", firmware);

        Assert.Equal(ValidationReason.DomainSuffixMismatch, result.Reason);
    }

    [Theory]
    [InlineData("11.8")]
    [InlineData("3.2")]
    public void Validate_DeviceComputer1NorthwindtradersComAndServer1ContosoCom_DoesNotShareNamespaceAndRejects(string firmware)
    {
        var result = Provision("computer1.northwindtraders.com", "server1.contoso.com", firmware);

        Assert.Equal(ValidationReason.DomainSuffixMismatch, result.Reason);
    }
}
