using System.Formats.Asn1;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>
/// The PKCS#10 request GeneratePKCS10RequestEx receives and returns (RFC 2986). The device signs the
/// server's CertificationRequestInfo as it arrived: subject, key and attributes are not re-encoded,
/// so the CA gets byte for byte what the server built, with the device's signature over it.
/// </summary>
internal static class Pkcs10Request
{
    /// <summary>
    /// The request's CertificationRequestInfo (its whole encoding) and the SubjectPublicKeyInfo in it.
    /// Throws <see cref="FormatException"/> saying which part is not a PKCS#10 request.
    /// </summary>
    public static (ReadOnlyMemory<byte> Info, ReadOnlyMemory<byte> SubjectPublicKeyInfo) Read(ReadOnlyMemory<byte> der)
    {
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER);
            var request = outer.ReadSequence();
            outer.ThrowIfNotEmpty();

            var info = request.PeekEncodedValue();
            var fields = request.ReadSequence();
            CertificateBlob.ReadAlgorithmIdentifier(request); // the null signature's, replaced
            request.ReadBitString(out _);
            request.ThrowIfNotEmpty();

            if (!fields.TryReadInt32(out var version) || version != 0)
            {
                throw new FormatException("its version is not 0 (v1)");
            }

            fields.ReadSequence(); // subject Name
            var publicKeyInfo = CertificateBlob.ReadSubjectPublicKeyInfo(fields);
            fields.ReadSetOf(skipSortOrderValidation: true, new Asn1Tag(TagClass.ContextSpecific, 0)); // attributes
            fields.ThrowIfNotEmpty();
            return (info, publicKeyInfo);
        }
        catch (AsnContentException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
    }

    /// <summary>The signed request: <paramref name="info"/> as it is, the algorithm identifier, the signature.</summary>
    public static byte[] Signed(ReadOnlySpan<byte> info, ReadOnlySpan<byte> signatureAlgorithm, byte[] signature)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(info);
            writer.WriteEncodedValue(signatureAlgorithm);
            writer.WriteBitString(signature);
        }

        return writer.Encode();
    }
}
