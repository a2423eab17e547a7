using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AmtSim.Transport.Tls;

/// <summary>
/// ECDH on P-256 and P-384 through OpenSSL's EC_KEY functions, called in libcrypto directly (Linux):
/// one fixed-base multiplication for the ephemeral key, one variable-base multiplication for the
/// secret, and the peer's point checked on the curve and not at infinity (full validation for these
/// cofactor-1 curves, NIST SP 800-56A 5.6.2.3). .NET's <c>ECDiffieHellman</c> reaches the same
/// OpenSSL through its EVP layer, which checks a peer key twice (at import, with a multiplication by
/// the group order, and again when it is set as the peer) and converts each key to a provider key:
/// 540 to 560 µs of CPU per side of a handshake against 100 to 130 here (bench/README.md, issue 20).
/// <see cref="Available"/> is false where libcrypto.so.3 cannot be loaded; <see cref="DotNetEcdhDomain"/>
/// then keeps .NET's path.
/// </summary>
internal static partial class OpenSslEcdh
{
    private const string LibCrypto = "libcrypto.so.3";
    private const int PointConversionUncompressed = 4;

    /// <summary>OpenSSL's NID of prime256v1 (P-256).</summary>
    public const int NidP256 = 415;

    /// <summary>OpenSSL's NID of secp384r1 (P-384).</summary>
    public const int NidP384 = 715;

    private static readonly Lazy<bool> Loaded = new(Probe);

    /// <summary>One EC_GROUP per curve, shared read-only by every point parse and never freed (two small objects).</summary>
    private static readonly Lazy<IntPtr> P256 = new(() => NewGroup(NidP256));
    private static readonly Lazy<IntPtr> P384 = new(() => NewGroup(NidP384));

    private static IntPtr GroupOf(int nid) => nid switch
    {
        NidP256 => P256.Value,
        NidP384 => P384.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(nid), nid, "not a curve of this class"),
    };

    private static IntPtr NewGroup(int nid)
    {
        var group = EC_GROUP_new_by_curve_name(nid);
        return group != IntPtr.Zero ? group : throw Failure("EC_GROUP_new_by_curve_name");
    }

    public static bool Available => OperatingSystem.IsLinux() && Loaded.Value;

    /// <summary>
    /// A new ephemeral key on the curve; its public point (0x04 ‖ X ‖ Y) goes to <paramref name="publicPoint"/>.
    /// The key takes a copy of the shared group (EC_KEY_set_group), which costs about 1 µs where
    /// EC_KEY_new_by_curve_name builds the group from the curve's parameters again (about 14 µs, one
    /// thread, OpenSSL 3.0: bench/README.md, issue 20's eighth round).
    /// </summary>
    public static unsafe EcKeyHandle Generate(int nid, byte[] publicPoint)
    {
        var key = EC_KEY_new();
        if (key.IsInvalid || EC_KEY_set_group(key, GroupOf(nid)) != 1 || EC_KEY_generate_key(key) != 1)
        {
            key.Dispose();
            throw Failure("EC_KEY_generate_key");
        }

        var group = EC_KEY_get0_group(key);
        var point = EC_KEY_get0_public_key(key);
        fixed (byte* buffer = publicPoint)
        {
            if (EC_POINT_point2oct(group, point, PointConversionUncompressed, buffer, (nuint)publicPoint.Length, IntPtr.Zero) != (nuint)publicPoint.Length)
            {
                key.Dispose();
                throw Failure("EC_POINT_point2oct");
            }
        }

        return key;
    }

    /// <summary>The peer's point on the curve, or null when it is not a point of the curve (or is the point at infinity).</summary>
    public static unsafe EcPointHandle? ParsePoint(int nid, ReadOnlySpan<byte> encoded)
    {
        var group = GroupOf(nid);
        var point = EC_POINT_new(group);
        if (point.IsInvalid)
        {
            throw Failure("EC_POINT_new");
        }

        fixed (byte* buffer = encoded)
        {
            if (EC_POINT_oct2point(group, point, buffer, (nuint)encoded.Length, IntPtr.Zero) == 1
                && EC_POINT_is_at_infinity(group, point) == 0
                && EC_POINT_is_on_curve(group, point, IntPtr.Zero) == 1)
            {
                return point;
            }
        }

        point.Dispose();
        ERR_clear_error();
        return null;
    }

    /// <summary>The x coordinate of own private key × the peer's point, in field-size bytes (RFC 4492 §5.10).</summary>
    public static unsafe byte[] Derive(EcKeyHandle own, EcPointHandle peer, int fieldSize)
    {
        var secret = new byte[fieldSize];
        fixed (byte* output = secret)
        {
            if (ECDH_compute_key(output, (nuint)fieldSize, peer, own, IntPtr.Zero) != fieldSize)
            {
                throw Failure("ECDH_compute_key");
            }
        }

        return secret;
    }

    private static System.Security.Cryptography.CryptographicException Failure(string call)
    {
        ERR_clear_error();
        return new System.Security.Cryptography.CryptographicException($"OpenSSL {call} failed");
    }

    private static bool Probe()
    {
        try
        {
            using var key = EC_KEY_new_by_curve_name(NidP256);
            return !key.IsInvalid;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    /// <summary>An EC_KEY, freed with EC_KEY_free.</summary>
    internal sealed class EcKeyHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
    {
        protected override bool ReleaseHandle()
        {
            EC_KEY_free(handle);
            return true;
        }
    }

    /// <summary>An EC_POINT, freed with EC_POINT_free.</summary>
    internal sealed class EcPointHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
    {
        protected override bool ReleaseHandle()
        {
            EC_POINT_free(handle);
            return true;
        }
    }

    [LibraryImport(LibCrypto)]
    private static partial IntPtr EC_GROUP_new_by_curve_name(int nid);

    [LibraryImport(LibCrypto)]
    private static partial EcKeyHandle EC_KEY_new_by_curve_name(int nid);

    [LibraryImport(LibCrypto)]
    private static partial EcKeyHandle EC_KEY_new();

    [LibraryImport(LibCrypto)]
    private static partial int EC_KEY_set_group(EcKeyHandle key, IntPtr group);

    [LibraryImport(LibCrypto)]
    private static partial int EC_KEY_generate_key(EcKeyHandle key);

    [LibraryImport(LibCrypto)]
    private static partial IntPtr EC_KEY_get0_group(EcKeyHandle key);

    [LibraryImport(LibCrypto)]
    private static partial IntPtr EC_KEY_get0_public_key(EcKeyHandle key);

    [LibraryImport(LibCrypto)]
    private static partial void EC_KEY_free(IntPtr key);

    [LibraryImport(LibCrypto)]
    private static partial EcPointHandle EC_POINT_new(IntPtr group);

    [LibraryImport(LibCrypto)]
    private static partial void EC_POINT_free(IntPtr point);

    [LibraryImport(LibCrypto)]
    private static unsafe partial nuint EC_POINT_point2oct(IntPtr group, IntPtr point, int form, byte* buffer, nuint length, IntPtr context);

    [LibraryImport(LibCrypto)]
    private static unsafe partial int EC_POINT_oct2point(IntPtr group, EcPointHandle point, byte* buffer, nuint length, IntPtr context);

    [LibraryImport(LibCrypto)]
    private static partial int EC_POINT_is_at_infinity(IntPtr group, EcPointHandle point);

    [LibraryImport(LibCrypto)]
    private static partial int EC_POINT_is_on_curve(IntPtr group, EcPointHandle point, IntPtr context);

    [LibraryImport(LibCrypto)]
    private static unsafe partial int ECDH_compute_key(byte* output, nuint length, EcPointHandle peer, EcKeyHandle own, IntPtr kdf);

    [LibraryImport(LibCrypto)]
    private static partial void ERR_clear_error();
}
