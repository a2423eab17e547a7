using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Runtime.Caching;

namespace AmtSim.Pki.Ca;

/// <summary>
/// Loads a PKCS#10 request and checks its signature against its own public key, as
/// <see cref="CertificateRequest.LoadSigningRequest(byte[], HashAlgorithmName, CertificateRequestLoadOptions, RSASignaturePadding?)"/>
/// does, but with RSA public keys imported into OpenSSL once per distinct key: a fleet's devices draw
/// their keys from a small seeded pool, and OpenSSL 3 takes about 150 µs to import a key and 25 µs
/// to verify with one. An RSA PKCS#1 v1.5 signature with SHA-256, SHA-384 or SHA-512 is checked here;
/// any other algorithm or key type goes to .NET's own check, so what is accepted does not change.
/// </summary>
internal static class Pkcs10Signature
{
    private const string RsaEncryption = "1.2.840.113549.1.1.1";

    /// <summary>The request, its signature checked; a request that is malformed or whose signature does not verify throws <see cref="CryptographicException"/>.</summary>
    public static CertificateRequest LoadVerified(byte[] pkcs10)
    {
        var loaded = CertificateRequest.LoadSigningRequest(pkcs10, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.SkipSignatureValidation, RSASignaturePadding.Pkcs1);
        if (loaded.PublicKey.Oid.Value != RsaEncryption || !TryReadSigned(pkcs10, out var info, out var hash, out var signature))
        {
            return CertificateRequest.LoadSigningRequest(pkcs10, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default, RSASignaturePadding.Pkcs1);
        }

        var key = RsaPublicKeys.Get(loaded.PublicKey.ExportSubjectPublicKeyInfo());
        if (!key.VerifyData(info.Span, signature.Span, hash, RSASignaturePadding.Pkcs1))
        {
            throw new CryptographicException("the public key within the request does not verify its signature");
        }

        return loaded;
    }

    /// <summary>The signed CertificationRequestInfo, the hash of an RSA PKCS#1 v1.5 signature algorithm handled here, and the signature; false for any other algorithm.</summary>
    private static bool TryReadSigned(byte[] pkcs10, out ReadOnlyMemory<byte> info, out HashAlgorithmName hash, out ReadOnlyMemory<byte> signature)
    {
        info = default;
        signature = default;
        hash = default;
        try
        {
            var outer = new AsnReader(pkcs10, AsnEncodingRules.DER);
            var request = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            info = request.ReadEncodedValue();
            var algorithm = request.ReadSequence();
            hash = algorithm.ReadObjectIdentifier() switch
            {
                "1.2.840.113549.1.1.11" => HashAlgorithmName.SHA256,
                "1.2.840.113549.1.1.12" => HashAlgorithmName.SHA384,
                "1.2.840.113549.1.1.13" => HashAlgorithmName.SHA512,
                _ => default,
            };
            if (algorithm.HasData)
            {
                algorithm.ReadNull();
            }

            algorithm.ThrowIfNotEmpty();
            if (!request.TryReadPrimitiveBitString(out var unusedBits, out signature) || unusedBits != 0)
            {
                return false;
            }

            request.ThrowIfNotEmpty();
            return hash != default;
        }
        catch (AsnContentException)
        {
            // .NET's own check then names what is wrong.
            return false;
        }
    }
}
