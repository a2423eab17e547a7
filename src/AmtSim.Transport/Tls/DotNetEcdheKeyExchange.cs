using System.Collections;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Tls;
using Org.BouncyCastle.Utilities;

namespace AmtSim.Transport.Tls;

/// <summary>
/// BouncyCastle's ECDHE key exchange with the shared secret computed by .NET's
/// <see cref="ECDiffieHellman"/> (OpenSSL) on P-256 and P-384: the variable-base scalar
/// multiplication of the agreement was the costliest managed step of a handshake on both ends.
/// Everything on the wire, the point validation and the ephemeral key generation stay
/// BouncyCastle's; other curves fall back to it. The premaster secret is the same either way
/// (the x coordinate, field-size bytes; a test compares the two).
/// </summary>
public sealed class DotNetEcdheKeyExchange(int keyExchange, IList? supportedSignatureAlgorithms, int[]? namedCurves, byte[]? clientECPointFormats, byte[]? serverECPointFormats)
    : TlsECDheKeyExchange(keyExchange, supportedSignatureAlgorithms, namedCurves, clientECPointFormats, serverECPointFormats)
{
    public override byte[] GeneratePremasterSecret()
    {
        if (mAgreementCredentials is null && mECAgreePrivateKey is { } mine && mECAgreePublicKey is { } peer
            && Agreement(mine, peer) is { } secret)
        {
            return secret;
        }

        return base.GeneratePremasterSecret();
    }

    /// <summary>The raw ECDH secret through OpenSSL, or null for a curve it is not given.</summary>
    public static byte[]? Agreement(ECPrivateKeyParameters mine, ECPublicKeyParameters peer)
    {
        var parameters = mine.Parameters;
        if (!ReferenceEquals(parameters, peer.Parameters) && !parameters.Equals(peer.Parameters) || NamedCurveOf(parameters) is not { } curve)
        {
            return null;
        }

        var size = (parameters.Curve.FieldSize + 7) / 8;
        var q = peer.Q.Normalize();
        using var own = ECDiffieHellman.Create(new ECParameters { Curve = curve, D = BigIntegers.AsUnsignedByteArray(size, mine.D) });
        using var other = ECDiffieHellman.Create(new ECParameters
        {
            Curve = curve,
            Q = new ECPoint { X = q.AffineXCoord.GetEncoded(), Y = q.AffineYCoord.GetEncoded() },
        });
        using var otherKey = other.PublicKey;
        return own.DeriveRawSecretAgreement(otherKey);
    }

    private static readonly X9Curve[] Known =
    [
        new(Org.BouncyCastle.Asn1.Sec.SecNamedCurves.GetByName("secp256r1"), ECCurve.NamedCurves.nistP256),
        new(Org.BouncyCastle.Asn1.Sec.SecNamedCurves.GetByName("secp384r1"), ECCurve.NamedCurves.nistP384),
    ];

    private static ECCurve? NamedCurveOf(ECDomainParameters parameters)
    {
        foreach (var known in Known)
        {
            if (ReferenceEquals(parameters.Curve, known.Bc.Curve)
                || (parameters.Curve.Equals(known.Bc.Curve) && parameters.G.Equals(known.Bc.G) && parameters.N.Equals(known.Bc.N)))
            {
                return known.DotNet;
            }
        }

        return null;
    }

    private sealed record X9Curve(Org.BouncyCastle.Asn1.X9.X9ECParameters Bc, ECCurve DotNet);
}
