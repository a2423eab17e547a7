using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AmtSim.Pki.Certificates;

/// <summary>
/// Signs certificates with RSA PKCS#1 v1.5 through .NET (OpenSSL), with SHA-1 as well as SHA-2:
/// the built-in generator refuses SHA-1, which the fixtures need for the "SHA-1 signed" case.
/// </summary>
internal sealed class RsaPkcs1SignatureGenerator(RSA key, SignatureHash hash) : X509SignatureGenerator
{
    public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(hash.SignatureAlgorithmOid());
            writer.WriteNull();
        }

        return writer.Encode();
    }

    public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm)
        => key.SignData(data, hash.ToHashAlgorithmName(), RSASignaturePadding.Pkcs1);

    protected override PublicKey BuildPublicKey() => new(key);
}
