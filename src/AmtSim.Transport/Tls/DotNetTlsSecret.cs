using System.Security.Cryptography;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace AmtSim.Transport.Tls;

/// <summary>
/// A TLS secret whose TLS 1.2 PRF (P_SHA256, P_SHA384: the master secret, the key block, both
/// Finished messages) runs on .NET's OpenSSL-backed HMAC instead of BouncyCastle's managed one
/// (about 2 % of a provisioned device's handshake). The TLS 1.0/1.1 PRF (MD5 and SHA-1 halves)
/// and everything else stay BouncyCastle's.
/// </summary>
internal sealed class DotNetTlsSecret(BcTlsCrypto crypto, byte[] data) : BcTlsSecret(crypto, data)
{
    /// <summary>What a secret derives (the master secret from the premaster) is one of these too, so its own derivations run here as well.</summary>
    public override TlsSecret DeriveUsingPrf(int prfAlgorithm, string label, byte[] seed, int length)
    {
        CheckAlive();
        return new DotNetTlsSecret(m_crypto, Prf(prfAlgorithm, label, seed, length));
    }

    public override TlsSecret DeriveUsingPrf(int prfAlgorithm, ReadOnlySpan<char> label, ReadOnlySpan<byte> seed, int length)
    {
        CheckAlive();
        return new DotNetTlsSecret(m_crypto, Prf(prfAlgorithm, label, seed, length));
    }

    /// <summary>P_hash of RFC 5246 section 5: output = HMAC(A(1) ‖ seed) ‖ HMAC(A(2) ‖ seed) ‖ …, A(i) = HMAC(A(i-1)), A(0) = seed.</summary>
    protected override void HmacHash(int cryptoHashAlgorithm, byte[] secret, int secretOff, int secretLen, byte[] seed, byte[] output)
    {
        if (DotNetTlsHash.NameOf(cryptoHashAlgorithm) is not { } name)
        {
            base.HmacHash(cryptoHashAlgorithm, secret, secretOff, secretLen, seed, output);
            return;
        }

        using var hmac = IncrementalHash.CreateHMAC(name, secret.AsSpan(secretOff, secretLen));
        var size = hmac.HashLengthInBytes;
        var chained = new byte[size + seed.Length]; // A(i) ‖ seed
        seed.CopyTo(chained, size);
        var a = chained.AsSpan(0, size);
        Span<byte> block = stackalloc byte[64];
        hmac.AppendData(seed);
        hmac.GetHashAndReset(a);
        for (var pos = 0; pos < output.Length; pos += size)
        {
            hmac.AppendData(chained);
            hmac.GetHashAndReset(block);
            block[..Math.Min(size, output.Length - pos)].CopyTo(output.AsSpan(pos));
            if (pos + size < output.Length)
            {
                hmac.AppendData(a);
                hmac.GetHashAndReset(a);
            }
        }
    }
}
