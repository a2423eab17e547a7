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

    /// <summary>The key as OpenSSL holds it, parsed on first use (Linux); pool keys live as long as the process.</summary>
    private SafeEvpPKeyHandle? _handle;

    /// <summary>A key from its PKCS#8 DER, with BouncyCastle's view of it if the caller has one (else made on first use).</summary>
    internal SeededKey(long seed, int index, int bits, RsaPrivateCrtKeyParameters? privateKey, byte[] pkcs8)
    {
        Seed = seed;
        Index = index;
        Bits = bits;
        _pkcs8 = pkcs8;
        _bouncy = privateKey is not null
            ? new Lazy<(RsaPrivateCrtKeyParameters, RsaKeyParameters)>(Views(privateKey))
            : new Lazy<(RsaPrivateCrtKeyParameters, RsaKeyParameters)>(() => Views((RsaPrivateCrtKeyParameters)Org.BouncyCastle.Security.PrivateKeyFactory.CreateKey(pkcs8)));
        using var rsa = CreateRsa();
        _subjectPublicKeyInfo = rsa.ExportSubjectPublicKeyInfo();
    }

    /// <summary>
    /// BouncyCastle's view, made when first asked for (PKCS#12 export): building it checks the
    /// modulus with Miller-Rabin in managed code, which cost every process's first world about 0.4 s.
    /// </summary>
    private readonly Lazy<(RsaPrivateCrtKeyParameters Private, RsaKeyParameters Public)> _bouncy;

    private static (RsaPrivateCrtKeyParameters, RsaKeyParameters) Views(RsaPrivateCrtKeyParameters key)
        => (key, new RsaKeyParameters(false, key.Modulus, key.PublicExponent));

    public long Seed { get; }
    public int Index { get; }
    public int Bits { get; }

    public RsaPrivateCrtKeyParameters BouncyPrivateKey => _bouncy.Value.Private;
    public RsaKeyParameters BouncyPublicKey => _bouncy.Value.Public;
    public AsymmetricCipherKeyPair BouncyKeyPair => new(BouncyPublicKey, BouncyPrivateKey);

    /// <summary>The private key as PKCS#8 DER (a copy).</summary>
    public byte[] Pkcs8Der() => (byte[])_pkcs8.Clone();

    /// <summary>The public key as SubjectPublicKeyInfo DER (a copy).</summary>
    public byte[] SubjectPublicKeyInfoDer() => (byte[])_subjectPublicKeyInfo.Clone();

    /// <summary>The private key as PKCS#8 PEM (<c>-----BEGIN PRIVATE KEY-----</c>, LF line ends).</summary>
    public string ToPem() => PemEncoding.WriteString("PRIVATE KEY", _pkcs8) + "\n";

    /// <summary>
    /// A new .NET RSA object holding this key; the caller disposes it. On Linux it is an
    /// <see cref="RSAOpenSsl"/> over one OpenSSL key parsed once per pool key (a new reference to
    /// it, not a copy): parsing PKCS#8 goes through OpenSSL 3's decoders and cost more than the
    /// signature it was made for, and an <see cref="RSAOpenSsl"/> (unlike the wrapper
    /// <see cref="RSA.Create()"/> returns) lets <c>CopyWithPrivateKey</c> share the key instead of
    /// exporting and re-importing its parameters.
    /// </summary>
    public RSA CreateRsa()
    {
        if (OperatingSystem.IsLinux())
        {
            return new RSAOpenSsl(LinuxHandle());
        }

        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(_pkcs8, out _);
        return rsa;
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private SafeEvpPKeyHandle LinuxHandle()
    {
        if (Volatile.Read(ref _handle) is { } handle)
        {
            return handle;
        }

        using var rsa = new RSAOpenSsl();
        rsa.ImportPkcs8PrivateKey(_pkcs8, out _);
        var created = rsa.DuplicateKeyHandle();
        if (Interlocked.CompareExchange(ref _handle, created, null) is { } raced)
        {
            created.Dispose();
            return raced;
        }

        return created;
    }

    public override string ToString() => $"RSA-{Bits} key #{Index} of seed {Seed}";
}
