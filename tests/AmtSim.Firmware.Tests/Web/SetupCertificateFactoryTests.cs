using System.Security.Cryptography;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Profiles;
using AmtSim.Firmware.Web;
using Xunit;

namespace AmtSim.Firmware.Tests.Web;

public sealed class SetupCertificateFactoryTests
{
    private static readonly DeviceIdentity Identity = new()
    {
        Uuid = Guid.Parse("939b524b-13d4-1d18-e487-1c697a6b7a2b"),
        Mac = "00:1b:21:0a:0b:0c",
        Hostname = "pc1.contoso.com",
        Firmware = FirmwareProfile.For("16.1.25.2124"),
    };

    [Fact]
    public void CreatePublic_WithTheKeysSubjectPublicKeyInfo_GivesTheSameCertificate()
    {
        // The world passes each pool key's SubjectPublicKeyInfo so the boot does not export it from OpenSSL again: same bytes either way.
        using var key = RSA.Create(2048);
        var now = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

        using var exported = SetupCertificateFactory.CreatePublic(Identity, now, key);
        using var given = SetupCertificateFactory.CreatePublic(Identity, now, key, key.ExportSubjectPublicKeyInfo());

        Assert.Equal(exported.RawData, given.RawData);
        Assert.Equal("CN=pc1.contoso.com, OU=Intel(R) AMT, O=Intel Corporation", given.Subject);
    }
}
