using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace AmtSim.Transport.Tls;

/// <summary>
/// ECDHE on P-256 and P-384 done entirely by OpenSSL: the ephemeral key pair, the check that the
/// peer's point lies on the curve and the shared secret, on libcrypto's EC_KEY functions
/// (<see cref="OpenSslEcdh"/>) where libcrypto.so.3 loads, else on .NET's <see cref="ECDiffieHellman"/>
/// (which refuses an off-curve point at import). BouncyCastle's managed point arithmetic was the
/// costliest step of a handshake on both ends, .NET's EVP path the next (issue 20). The premaster secret is the x coordinate in field-size bytes, as
/// RFC 4492 §5.10 says and BouncyCastle computes it (a test compares the two).
/// </summary>
public sealed class DotNetEcdhDomain(TlsCrypto crypto, int namedGroup) : TlsECDomain
{
    /// <summary>A domain that keeps to .NET's <see cref="ECDiffieHellman"/>, as on a machine without libcrypto.so.3 (tests).</summary>
    internal DotNetEcdhDomain(TlsCrypto crypto, int namedGroup, bool dotNetOnly)
        : this(crypto, namedGroup)
        => _dotNetOnly = dotNetOnly;

    private readonly bool _dotNetOnly;

    /// <summary>The .NET curve for a TLS named group, or null where BouncyCastle keeps the work.</summary>
    public static ECCurve? CurveFor(int namedGroup) => namedGroup switch
    {
        NamedGroup.secp256r1 => ECCurve.NamedCurves.nistP256,
        NamedGroup.secp384r1 => ECCurve.NamedCurves.nistP384,
        _ => null,
    };

    /// <summary>The OpenSSL NID of a curve this domain serves.</summary>
    private static int NidFor(int namedGroup) => namedGroup == NamedGroup.secp256r1 ? OpenSslEcdh.NidP256 : OpenSslEcdh.NidP384;

    public TlsAgreement CreateECDH()
    {
        var curve = CurveFor(namedGroup) ?? throw new TlsFatalAlert(AlertDescription.internal_error, $"named group {namedGroup} is not on .NET");
        var fieldSize = namedGroup == NamedGroup.secp256r1 ? 32 : 48;
        return !_dotNetOnly && OpenSslEcdh.Available ? new OpenSslAgreement(crypto, NidFor(namedGroup), fieldSize) : new Agreement(crypto, curve, fieldSize);
    }

    /// <summary>The peer's point must be uncompressed and of the curve's length, or illegal_parameter (47).</summary>
    private static void CheckEncoding(byte[] peerValue, int fieldSize)
    {
        if (peerValue.Length != 1 + 2 * fieldSize || peerValue[0] != 0x04)
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, $"EC point of {peerValue.Length} bytes is not an uncompressed point on this curve");
        }
    }

    /// <summary>The shared secret from <paramref name="derive"/>; both keys are disposed either way, and a failed derivation is illegal_parameter (47).</summary>
    private static TlsSecret Agree(TlsCrypto crypto, IDisposable own, IDisposable peer, Func<byte[]> derive)
    {
        try
        {
            return crypto.CreateSecret(derive());
        }
        catch (CryptographicException ex)
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "ECDH agreement failed", ex);
        }
        finally
        {
            own.Dispose();
            peer.Dispose();
        }
    }

    /// <summary>The agreement on libcrypto's EC_KEY functions (<see cref="OpenSslEcdh"/>): a third of the multiplications of .NET's path.</summary>
    private sealed class OpenSslAgreement(TlsCrypto crypto, int nid, int fieldSize) : TlsAgreement
    {
        private OpenSslEcdh.EcKeyHandle? _own;
        private OpenSslEcdh.EcPointHandle? _peer;

        public byte[] GenerateEphemeral()
        {
            _own?.Dispose();
            var encoded = new byte[1 + 2 * fieldSize];
            _own = OpenSslEcdh.Generate(nid, encoded);
            return encoded;
        }

        public void ReceivePeerValue(byte[] peerValue)
        {
            CheckEncoding(peerValue, fieldSize);
            _peer?.Dispose();
            _peer = OpenSslEcdh.ParsePoint(nid, peerValue)
                ?? throw new TlsFatalAlert(AlertDescription.illegal_parameter, "the peer's EC point is not on the curve");
        }

        public TlsSecret CalculateSecret()
        {
            var own = _own ?? throw new TlsFatalAlert(AlertDescription.internal_error, "ECDH secret before the ephemeral key");
            var peer = _peer ?? throw new TlsFatalAlert(AlertDescription.internal_error, "ECDH secret before the peer's key");
            (_own, _peer) = (null, null);
            return Agree(crypto, own, peer, () => OpenSslEcdh.Derive(own, peer, fieldSize));
        }
    }

    private sealed class Agreement(TlsCrypto crypto, ECCurve curve, int fieldSize) : TlsAgreement
    {
        private ECDiffieHellman? _own;
        private ECDiffieHellman? _peer;

        /// <summary>Our ephemeral public key as an uncompressed point (0x04 ‖ X ‖ Y).</summary>
        public byte[] GenerateEphemeral()
        {
            _own?.Dispose();
            _own = ECDiffieHellman.Create(curve);
            var q = _own.ExportParameters(includePrivateParameters: false).Q;
            var encoded = new byte[1 + 2 * fieldSize];
            encoded[0] = 0x04;
            q.X!.CopyTo(encoded.AsSpan(1 + fieldSize - q.X!.Length));
            q.Y!.CopyTo(encoded.AsSpan(1 + 2 * fieldSize - q.Y!.Length));
            return encoded;
        }

        /// <summary>The peer's point: uncompressed, the right length and on the curve, or illegal_parameter (47).</summary>
        public void ReceivePeerValue(byte[] peerValue)
        {
            CheckEncoding(peerValue, fieldSize);
            try
            {
                _peer?.Dispose();
                _peer = ECDiffieHellman.Create(new ECParameters
                {
                    Curve = curve,
                    Q = new ECPoint { X = peerValue[1..(1 + fieldSize)], Y = peerValue[(1 + fieldSize)..] },
                });
            }
            catch (CryptographicException ex)
            {
                throw new TlsFatalAlert(AlertDescription.illegal_parameter, "the peer's EC point is not on the curve", ex);
            }
        }

        public TlsSecret CalculateSecret()
        {
            var own = _own ?? throw new TlsFatalAlert(AlertDescription.internal_error, "ECDH secret before the ephemeral key");
            var peer = _peer ?? throw new TlsFatalAlert(AlertDescription.internal_error, "ECDH secret before the peer's key");
            (_own, _peer) = (null, null);
            return Agree(crypto, own, peer, () =>
            {
                using var peerKey = peer.PublicKey;
                return own.DeriveRawSecretAgreement(peerKey);
            });
        }
    }
}
