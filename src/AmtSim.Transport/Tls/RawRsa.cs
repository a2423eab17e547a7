using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace AmtSim.Transport.Tls;

/// <summary>
/// RSA PKCS#1 v1.5 signing of raw data without a DigestInfo: what TLS 1.0/1.1 needs for its
/// MD5‖SHA-1 signatures (CertificateVerify, ServerKeyExchange). .NET's RSA API has no such call,
/// so this asks OpenSSL directly through the key's EVP_PKEY handle; where that is not available
/// it falls back to a BigInteger CRT computation (correct, slower).
/// </summary>
public static partial class RawRsa
{
    private const string LibCrypto = "libcrypto.so.3";
    private const int RsaPkcs1Padding = 1;

    private static bool _openSslUnavailable;

    /// <summary>False once the OpenSSL path failed to load and every call takes the slow fallback.</summary>
    internal static bool OpenSslAvailable => !_openSslUnavailable;

    /// <summary>PKCS#1 v1.5 type-1 padding of <paramref name="data"/>, then the private-key operation.</summary>
    public static byte[] SignPkcs1(RSA key, ReadOnlySpan<byte> data)
    {
        if (!_openSslUnavailable && key is RSAOpenSsl openSsl)
        {
            try
            {
                return SignWithOpenSsl(openSsl, data);
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                _openSslUnavailable = true;
            }
        }

        return SignWithBigInteger(key, data);
    }

    private static unsafe byte[] SignWithOpenSsl(RSAOpenSsl key, ReadOnlySpan<byte> data)
    {
        using var handle = key.DuplicateKeyHandle();
        var ctx = EVP_PKEY_CTX_new(handle.DangerousGetHandle(), IntPtr.Zero);
        if (ctx == IntPtr.Zero)
        {
            throw new CryptographicException("EVP_PKEY_CTX_new failed");
        }

        try
        {
            if (EVP_PKEY_sign_init(ctx) != 1 || EVP_PKEY_CTX_set_rsa_padding(ctx, RsaPkcs1Padding) != 1)
            {
                throw new CryptographicException("OpenSSL refused raw RSA PKCS#1 signing");
            }

            var signature = new byte[key.KeySize / 8];
            var length = (nuint)signature.Length;
            fixed (byte* tbs = data)
            fixed (byte* sig = signature)
            {
                if (EVP_PKEY_sign(ctx, sig, ref length, tbs, (nuint)data.Length) != 1)
                {
                    throw new CryptographicException("EVP_PKEY_sign failed");
                }
            }

            return length == (nuint)signature.Length ? signature : signature[..(int)length];
        }
        finally
        {
            EVP_PKEY_CTX_free(ctx);
        }
    }

    private static byte[] SignWithBigInteger(RSA key, ReadOnlySpan<byte> data)
    {
        var p = key.ExportParameters(includePrivateParameters: true);
        var k = p.Modulus!.Length;
        if (data.Length > k - 11)
        {
            throw new CryptographicException("data too long for the RSA key");
        }

        var em = new byte[k];
        em[1] = 0x01;
        em.AsSpan(2, k - data.Length - 3).Fill(0xff);
        data.CopyTo(em.AsSpan(k - data.Length));
        var m = new BigInteger(em, isUnsigned: true, isBigEndian: true);
        var n = new BigInteger(p.Modulus, true, true);
        var dp = new BigInteger(p.DP!, true, true);
        var dq = new BigInteger(p.DQ!, true, true);
        var pp = new BigInteger(p.P!, true, true);
        var qq = new BigInteger(p.Q!, true, true);
        var qInv = new BigInteger(p.InverseQ!, true, true);
        var m1 = BigInteger.ModPow(m, dp, pp);
        var m2 = BigInteger.ModPow(m, dq, qq);
        var h = qInv * (m1 - m2) % pp;
        if (h.Sign < 0)
        {
            h += pp;
        }

        var s = (m2 + h * qq) % n;
        var result = new byte[k];
        var bytes = s.ToByteArray(isUnsigned: true, isBigEndian: true);
        bytes.CopyTo(result.AsSpan(k - bytes.Length));
        return result;
    }

    [LibraryImport(LibCrypto)]
    private static partial IntPtr EVP_PKEY_CTX_new(IntPtr pkey, IntPtr engine);

    [LibraryImport(LibCrypto)]
    private static partial int EVP_PKEY_sign_init(IntPtr ctx);

    [LibraryImport(LibCrypto)]
    private static partial int EVP_PKEY_CTX_set_rsa_padding(IntPtr ctx, int padding);

    [LibraryImport(LibCrypto)]
    private static unsafe partial int EVP_PKEY_sign(IntPtr ctx, byte* sig, ref nuint siglen, byte* tbs, nuint tbslen);

    [LibraryImport(LibCrypto)]
    private static partial void EVP_PKEY_CTX_free(IntPtr ctx);
}
