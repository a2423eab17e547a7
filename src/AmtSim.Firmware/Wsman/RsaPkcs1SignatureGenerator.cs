using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AmtSim.Firmware.Wsman;

/// <summary>
/// RSA PKCS#1 v1.5 signatures for PKCS#10 requests with SHA-1 or SHA-256. .NET's built-in RSA
/// generator no longer signs with SHA-1, which AMT's GeneratePKCS10RequestEx still offers
/// (SigningAlgorithm 0), so the device signs through this generator for both.
/// </summary>
internal sealed class RsaPkcs1SignatureGenerator(RSA key, byte[]? subjectPublicKeyInfo = null) : X509SignatureGenerator
{
    public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
    {
        var oid = hashAlgorithm.Name switch
        {
            "SHA1" => "1.2.840.113549.1.1.5",
            "SHA256" => "1.2.840.113549.1.1.11",
            "SHA384" => "1.2.840.113549.1.1.12",
            _ => throw new ArgumentOutOfRangeException(nameof(hashAlgorithm), hashAlgorithm, "unsupported hash for an RSA PKCS#1 request signature"),
        };
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            writer.WriteNull();
        }

        return writer.Encode();
    }

    public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm)
    {
        using var profile = AmtSim.Runtime.Profiling.PhaseProfiler.Enter(AmtSim.Runtime.Profiling.ProfilePhase.RsaPrivateKey);
        return key.SignData(data, hashAlgorithm, RSASignaturePadding.Pkcs1);
    }

    protected override PublicKey BuildPublicKey() => PublicKey.CreateFromSubjectPublicKeyInfo(subjectPublicKeyInfo ?? key.ExportSubjectPublicKeyInfo(), out _);
}
