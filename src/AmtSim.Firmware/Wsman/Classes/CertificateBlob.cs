using System.Formats.Asn1;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>
/// The shape of an X.509 certificate (RFC 5280 §4.1) as AddCertificate checks it before storing it,
/// in DER: every field of TBSCertificate in order, down to the OIDs of the algorithms, names and
/// extensions, and its SubjectPublicKeyInfo for the key-pair match. .NET's loader (OpenSSL 3, which
/// also decodes the public key through its provider decoders) is left for the certificate's first use.
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
            ReadAlgorithmIdentifier(certificate);
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
            ReadAlgorithmIdentifier(tbs);
            ReadName(tbs);
            var validity = tbs.ReadSequence();
            ReadTime(validity);
            ReadTime(validity);
            validity.ThrowIfNotEmpty();
            ReadName(tbs);
            var publicKeyInfo = ReadSubjectPublicKeyInfo(tbs);

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
                ReadExtensions(wrapper);
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

    /// <summary>SubjectPublicKeyInfo: an AlgorithmIdentifier and a BIT STRING; returns its whole encoding.</summary>
    internal static ReadOnlyMemory<byte> ReadSubjectPublicKeyInfo(AsnReader reader)
    {
        var encoded = reader.PeekEncodedValue();
        var key = reader.ReadSequence();
        ReadAlgorithmIdentifier(key);
        key.ReadBitString(out _);
        key.ThrowIfNotEmpty();
        return encoded;
    }

    /// <summary>AlgorithmIdentifier: an OID and optional parameters.</summary>
    internal static void ReadAlgorithmIdentifier(AsnReader reader)
    {
        var algorithm = reader.ReadSequence();
        algorithm.ReadObjectIdentifier();
        if (algorithm.HasData)
        {
            algorithm.ReadEncodedValue();
        }

        algorithm.ThrowIfNotEmpty();
    }

    /// <summary>Name: a sequence of relative names, each a non-empty set of (OID, value).</summary>
    private static void ReadName(AsnReader reader)
    {
        var name = reader.ReadSequence();
        while (name.HasData)
        {
            var relative = name.ReadSetOf(skipSortOrderValidation: true);
            do
            {
                var attribute = relative.ReadSequence();
                attribute.ReadObjectIdentifier();
                attribute.ReadEncodedValue();
                attribute.ThrowIfNotEmpty();
            }
            while (relative.HasData);
        }
    }

    /// <summary>Extensions: at least one (OID, critical DEFAULT FALSE, OCTET STRING).</summary>
    private static void ReadExtensions(AsnReader reader)
    {
        var list = reader.ReadSequence();
        do
        {
            var extension = list.ReadSequence();
            extension.ReadObjectIdentifier();
            if (extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
            {
                extension.ReadBoolean();
            }

            extension.ReadOctetString();
            extension.ThrowIfNotEmpty();
        }
        while (list.HasData);
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
