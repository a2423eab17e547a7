using AmtSim.Transport.Tls;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;
using Xunit;

namespace AmtSim.Transport.Tests.Tls;

public class DotNetEcdheKeyExchangeTests
{
    private static (ECPrivateKeyParameters Private, ECPublicKeyParameters Public) KeyPair(ECDomainParameters domain, SecureRandom random)
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(domain, random));
        var pair = generator.GenerateKeyPair();
        return ((ECPrivateKeyParameters)pair.Private, (ECPublicKeyParameters)pair.Public);
    }

    [Theory]
    [InlineData("secp256r1")]
    [InlineData("secp384r1")]
    public void Agreement_NamedCurve_SameSecretAsBouncyCastlesAgreement(string name)
    {
        var x9 = SecNamedCurves.GetByName(name);
        var domain = new ECDomainParameters(x9.Curve, x9.G, x9.N, x9.H);
        var random = new SecureRandom(new Org.BouncyCastle.Crypto.Prng.DigestRandomGenerator(new Org.BouncyCastle.Crypto.Digests.Sha256Digest()));
        random.SetSeed(7);
        var a = KeyPair(domain, random);
        var b = KeyPair(domain, random);
        var agreement = new ECDHBasicAgreement();
        agreement.Init(a.Private);
        var expected = BigIntegers.AsUnsignedByteArray(agreement.GetFieldSize(), agreement.CalculateAgreement(b.Public));

        var secret = DotNetEcdheKeyExchange.Agreement(a.Private, b.Public);

        Assert.Equal(expected, secret);
    }

    [Fact]
    public void Agreement_CurveOpenSslIsNotGiven_ReturnsNullForBouncyCastleToCompute()
    {
        var x9 = SecNamedCurves.GetByName("secp256k1");
        var domain = new ECDomainParameters(x9.Curve, x9.G, x9.N, x9.H);
        var random = new SecureRandom();
        var a = KeyPair(domain, random);
        var b = KeyPair(domain, random);

        Assert.Null(DotNetEcdheKeyExchange.Agreement(a.Private, b.Public));
    }
}
