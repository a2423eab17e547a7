using AmtSim.Firmware.Profiles;
using AmtSim.Firmware.Validation;
using AmtSim.Testing;
using AmtSim.Testing.Fixtures;
using Xunit;

namespace AmtSim.Firmware.Tests.Validation;

/// <summary>
/// Every chain of the committed fixture PKI gets the verdict fixtures.json promises, on the
/// device it describes (AMT 16, trusted suffix contoso.com, clock at the reference time), and the
/// SHA-1 and 1024-bit ones also on AMT 11.8. Issue 2 acceptance.
/// </summary>
public class FixtureChainVerdictTests
{
    public static TheoryData<string> FixtureIds()
    {
        var data = new TheoryData<string>();
        foreach (var f in RepoFixtures.Manifest.Fixtures)
        {
            data.Add(f.Id);
        }

        return data;
    }

    private static ValidationContext Context(int major) => new()
    {
        Profile = FirmwareProfile.For(major == 16 ? "16.1.25" : "11.8.50"),
        TrustedHashes = RepoFixtures.TrustedTable(major),
        TrustedDnsSuffix = RepoFixtures.Manifest.Device.TrustedDnsSuffix,
        Now = RepoFixtures.Manifest.Device.Now,
    };

    [Theory]
    [MemberData(nameof(FixtureIds))]
    public void Validate_FixtureChainOnAmt16_GivesTheManifestVerdict(string id)
    {
        var fixture = RepoFixtures.Fixture(id);

        var result = ProvisioningCertificateValidator.Instance.Validate(RepoFixtures.PresentedChain(id), Context(16));

        Assert.Equal(fixture.ExpectedVerdict, result.Reason.ToString());
    }

    [Theory]
    [MemberData(nameof(FixtureIds))]
    public void Validate_FixtureChainBeforeAmt16_GivesTheOlderVerdictWhereOneIsGiven(string id)
    {
        var fixture = RepoFixtures.Fixture(id);
        if (fixture.ExpectedVerdictBeforeAmt16 is not { } expected)
        {
            return;
        }

        var result = ProvisioningCertificateValidator.Instance.Validate(RepoFixtures.PresentedChain(id), Context(11));

        Assert.Equal(expected, result.Reason.ToString());
    }

    /// <summary>The signature and date verdicts agree with the real openssl verify on the same PEM files.</summary>
    [RequiresProgramFact("openssl", "apt-get install openssl")]
    public async Task OpenSslVerify_FixtureChains_AgreesOnSignatureAndDates()
    {
        var attime = RepoFixtures.Manifest.Device.Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var checkedAny = 0;
        foreach (var f in RepoFixtures.Manifest.Fixtures.Where(f => f.Files.Chain is not null))
        {
            var verdict = ProvisioningCertificateValidator.Instance.Validate(RepoFixtures.PresentedChain(f.Id), Context(16)).Reason;
            if (verdict is not (ValidationReason.Accepted or ValidationReason.LeafExpired or ValidationReason.LeafNotYetValid or ValidationReason.IntermediateExpired or ValidationReason.BadSignature))
            {
                continue;
            }

            var chain = RepoFixtures.PresentedChain(f.Id);
            var dir = Directory.CreateTempSubdirectory("amtsim-verify-").FullName;
            try
            {
                await File.WriteAllTextAsync(Path.Combine(dir, "root.pem"), chain[^1].ExportCertificatePem());
                await File.WriteAllTextAsync(Path.Combine(dir, "untrusted.pem"), string.Join('\n', chain.Skip(1).SkipLast(1).Select(c => c.ExportCertificatePem())));
                await File.WriteAllTextAsync(Path.Combine(dir, "leaf.pem"), chain[0].ExportCertificatePem());
                var result = await ExternalProgram.RunAsync("openssl", ["verify", "-attime", attime, "-auth_level", "0", "-CAfile", "root.pem", "-untrusted", "untrusted.pem", "leaf.pem"], workingDirectory: dir);
                var expected = verdict switch
                {
                    ValidationReason.Accepted => "OK",
                    ValidationReason.LeafExpired or ValidationReason.IntermediateExpired => "certificate has expired",
                    ValidationReason.LeafNotYetValid => "certificate is not yet valid",
                    _ => "signature failure",
                };
                Assert.True(result.All.Contains(expected, StringComparison.Ordinal), $"{f.Id}: validator says {verdict}, openssl says: {result.All}");
                checkedAny++;
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        Assert.True(checkedAny >= 4, $"only {checkedAny} fixture chains had a signature or date verdict");
    }
}
