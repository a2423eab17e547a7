using AmtSim.Transport.Tls;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Xunit;

namespace AmtSim.Transport.Tests.Tls;

public class DotNetEcdhDomainTests
{
    private static TlsAgreement BouncyCastle(int group) => new BcTlsECDomain(new BcTlsCrypto(), new TlsECConfig(group)).CreateECDH();

    /// <summary>The agreement the TLS stack uses: libcrypto's EC_KEY path on Linux, or (<paramref name="dotNetOnly"/>) .NET's ECDiffieHellman.</summary>
    private static TlsAgreement DotNet(int group, bool dotNetOnly = false) => new DotNetEcdhDomain(DotNetTlsCrypto.Instance, group, dotNetOnly).CreateECDH();

    [Fact]
    public void CreateECDH_WhereLibcryptoLoads_TakesItsPath()
    {
        // The suite runs on Linux (CI, the Dockerfile), where .NET itself loads libcrypto.so.3.
        Assert.True(OpenSslEcdh.Available);
        Assert.Contains("OpenSsl", DotNet(NamedGroup.secp256r1).GetType().Name, StringComparison.Ordinal);
        Assert.DoesNotContain("OpenSsl", DotNet(NamedGroup.secp256r1, dotNetOnly: true).GetType().Name, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NamedGroup.secp256r1, false)]
    [InlineData(NamedGroup.secp384r1, false)]
    [InlineData(NamedGroup.secp256r1, true)]
    [InlineData(NamedGroup.secp384r1, true)]
    public void CalculateSecret_AgainstBouncyCastlesEcdh_BothSidesAgree(int group, bool dotNetOnly)
    {
        var theirs = BouncyCastle(group);
        var ours = DotNet(group, dotNetOnly);
        var theirPoint = theirs.GenerateEphemeral();
        var ourPoint = ours.GenerateEphemeral();
        theirs.ReceivePeerValue(ourPoint);
        ours.ReceivePeerValue(theirPoint);

        var expected = theirs.CalculateSecret().Extract();

        Assert.Equal(expected, ours.CalculateSecret().Extract());
        Assert.Equal(group == NamedGroup.secp256r1 ? 32 : 48, expected.Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CalculateSecret_ClientOrder_PeerPointBeforeOwnKey_BothSidesAgree(bool dotNetOnly)
    {
        // A TLS client receives the server's point (ServerKeyExchange) before it makes its own.
        var server = BouncyCastle(NamedGroup.secp256r1);
        var client = DotNet(NamedGroup.secp256r1, dotNetOnly);
        client.ReceivePeerValue(server.GenerateEphemeral());
        server.ReceivePeerValue(client.GenerateEphemeral());

        Assert.Equal(server.CalculateSecret().Extract(), client.CalculateSecret().Extract());
    }

    [Theory]
    [InlineData(NamedGroup.secp256r1, false)]
    [InlineData(NamedGroup.secp384r1, false)]
    [InlineData(NamedGroup.secp256r1, true)]
    public void ReceivePeerValue_PointNotOnTheCurve_IllegalParameter(int group, bool dotNetOnly)
    {
        var point = BouncyCastle(group).GenerateEphemeral();
        point[^1] ^= 1;

        var alert = Assert.Throws<TlsFatalAlert>(() => DotNet(group, dotNetOnly).ReceivePeerValue(point));

        Assert.Equal(AlertDescription.illegal_parameter, alert.AlertDescription);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReceivePeerValue_CoordinatesOutsideTheField_IllegalParameter(bool dotNetOnly)
    {
        // x = y = p (the field prime) would be (0, 0) reduced: not a valid encoding of any point.
        var p = Convert.FromHexString("FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF");
        var point = new byte[65];
        point[0] = 0x04;
        p.CopyTo(point, 1);
        p.CopyTo(point, 33);

        Assert.Equal(AlertDescription.illegal_parameter, Assert.Throws<TlsFatalAlert>(() => DotNet(NamedGroup.secp256r1, dotNetOnly).ReceivePeerValue(point)).AlertDescription);
    }

    [Theory]
    [InlineData(33, 0x02, false)]
    [InlineData(65, 0x02, false)]
    [InlineData(64, 0x04, false)]
    [InlineData(65, 0x00, false)]
    [InlineData(1, 0x00, false)]
    [InlineData(33, 0x02, true)]
    [InlineData(65, 0x02, true)]
    [InlineData(64, 0x04, true)]
    public void ReceivePeerValue_NotAnUncompressedP256Point_IllegalParameter(int length, byte prefix, bool dotNetOnly)
    {
        var point = new byte[length];
        point[0] = prefix;

        Assert.Equal(AlertDescription.illegal_parameter, Assert.Throws<TlsFatalAlert>(() => DotNet(NamedGroup.secp256r1, dotNetOnly).ReceivePeerValue(point)).AlertDescription);
    }

    [Fact]
    public void ReceivePeerValue_AllZeroUncompressedPoint_IllegalParameter()
    {
        // (0, 0) is not on P-256 (b ≠ 0); the point at infinity has no uncompressed encoding.
        var point = new byte[65];
        point[0] = 0x04;

        Assert.Equal(AlertDescription.illegal_parameter, Assert.Throws<TlsFatalAlert>(() => DotNet(NamedGroup.secp256r1).ReceivePeerValue(point)).AlertDescription);
    }

    [Fact]
    public void CreateECDomain_CurveNotOnDotNet_LeftToBouncyCastle()
        => Assert.IsType<BcX25519Domain>(DotNetTlsCrypto.Instance.CreateECDomain(new TlsECConfig(NamedGroup.x25519)));
}
