using AmtSim.Transport.Tls;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Xunit;

namespace AmtSim.Transport.Tests.Tls;

public class DotNetEcdhDomainTests
{
    private static TlsAgreement BouncyCastle(int group) => new BcTlsECDomain(new BcTlsCrypto(), new TlsECConfig(group)).CreateECDH();

    private static TlsAgreement DotNet(int group) => new DotNetEcdhDomain(DotNetTlsCrypto.Instance, group).CreateECDH();

    [Theory]
    [InlineData(NamedGroup.secp256r1)]
    [InlineData(NamedGroup.secp384r1)]
    public void CalculateSecret_AgainstBouncyCastlesEcdh_BothSidesAgree(int group)
    {
        var theirs = BouncyCastle(group);
        var ours = DotNet(group);
        var theirPoint = theirs.GenerateEphemeral();
        var ourPoint = ours.GenerateEphemeral();
        theirs.ReceivePeerValue(ourPoint);
        ours.ReceivePeerValue(theirPoint);

        var expected = theirs.CalculateSecret().Extract();

        Assert.Equal(expected, ours.CalculateSecret().Extract());
        Assert.Equal(group == NamedGroup.secp256r1 ? 32 : 48, expected.Length);
    }

    [Fact]
    public void ReceivePeerValue_PointNotOnTheCurve_IllegalParameter()
    {
        var point = BouncyCastle(NamedGroup.secp256r1).GenerateEphemeral();
        point[^1] ^= 1;

        var alert = Assert.Throws<TlsFatalAlert>(() => DotNet(NamedGroup.secp256r1).ReceivePeerValue(point));

        Assert.Equal(AlertDescription.illegal_parameter, alert.AlertDescription);
    }

    [Theory]
    [InlineData(33, 0x02)]
    [InlineData(65, 0x02)]
    [InlineData(64, 0x04)]
    public void ReceivePeerValue_NotAnUncompressedP256Point_IllegalParameter(int length, byte prefix)
    {
        var point = new byte[length];
        point[0] = prefix;

        Assert.Equal(AlertDescription.illegal_parameter, Assert.Throws<TlsFatalAlert>(() => DotNet(NamedGroup.secp256r1).ReceivePeerValue(point)).AlertDescription);
    }

    [Fact]
    public void CreateECDomain_CurveNotOnDotNet_LeftToBouncyCastle()
        => Assert.IsType<BcX25519Domain>(DotNetTlsCrypto.Instance.CreateECDomain(new TlsECConfig(NamedGroup.x25519)));
}
