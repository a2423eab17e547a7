using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;

namespace AmtSim.Pki.Keys;

/// <summary>
/// One RSA key of the pool, identified by (seed, index, bits). Private-key operations go through
/// .NET's <see cref="RSA"/> (OpenSSL); the BouncyCastle view is for encoding (PKCS#12, PKCS#8).
/// </summary>
public sealed class SeededKey
{
    private readonly byte[] _pkcs8;
    private readonly byte[] _subjectPublicKeyInfo;

    internal SeededKey(long seed, int index, int bits, RsaPrivateCrtKeyParameters privateKey, byte[] pkcs8)
    {
        Seed = seed;
        Index = index;
        Bits = bits;
        BouncyPrivateKey = privateKey;
        BouncyPublicKey = new RsaKeyParameters(false, privateKey.Modulus, privateKey.PublicExponent);
        _pkcs8 = pkcs8;
        using var rsa = CreateRsa();
        _subjectPublicKeyInfo = rsa.ExportSubjectPublicKeyInfo();
    }

    public long Seed { get; }
    public int Index { get; }
    public int Bits { get; }

    public RsaPrivateCrtKeyParameters BouncyPrivateKey { get; }
    public RsaKeyParameters BouncyPublicKey { get; }
    public AsymmetricCipherKeyPair BouncyKeyPair => new(BouncyPublicKey, BouncyPrivateKey);

    /// <summary>The private key as PKCS#8 DER (a copy).</summary>
    public byte[] Pkcs8Der() => (byte[])_pkcs8.Clone();

    /// <summary>The public key as SubjectPublicKeyInfo DER (a copy).</summary>
    public byte[] SubjectPublicKeyInfoDer() => (byte[])_subjectPublicKeyInfo.Clone();

    /// <summary>The private key as PKCS#8 PEM (<c>-----BEGIN PRIVATE KEY-----</c>, LF line ends).</summary>
    public string ToPem() => PemEncoding.WriteString("PRIVATE KEY", _pkcs8) + "\n";

    /// <summary>A new .NET RSA object holding this key; the caller disposes it.</summary>
    public RSA CreateRsa()
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(_pkcs8, out _);
        return rsa;
    }

    public override string ToString() => $"RSA-{Bits} key #{Index} of seed {Seed}";
}
