using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AmtSim.Firmware.Tests.Validation;

/// <summary>
/// RSA PKCS#1 v1.5 signature generator that also does SHA-1 (sha1WithRSAEncryption), which .NET's
/// built-in generator refuses; the SHA-1 chains old firmware accepts and ME 16 rejects need it.
/// Other hashes go to the built-in generator.
/// </summary>
internal sealed class Sha1RsaSignatureGenerator(RSA key) : X509SignatureGenerator
{
    private const string Sha1WithRsaEncryption = "1.2.840.113549.1.1.5";
    private readonly X509SignatureGenerator _builtIn = CreateForRSA(key, RSASignaturePadding.Pkcs1);

    public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
    {
        if (hashAlgorithm != HashAlgorithmName.SHA1)
        {
            return _builtIn.GetSignatureAlgorithmIdentifier(hashAlgorithm);
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(Sha1WithRsaEncryption);
            writer.WriteNull();
        }

        return writer.Encode();
    }

    public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => key.SignData(data, hashAlgorithm, RSASignaturePadding.Pkcs1);

    protected override PublicKey BuildPublicKey() => _builtIn.PublicKey;
}
