using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Runtime.Profiling;

namespace AmtSim.Pki.Ca;

/// <summary>
/// Encodes and signs an X.509 v3 certificate for a <see cref="CertificateRequest"/> with an RSA
/// issuer key (PKCS#1 v1.5, SHA-256), byte for byte as
/// <see cref="CertificateRequest.Create(X500DistinguishedName, X509SignatureGenerator, DateTimeOffset, DateTimeOffset, ReadOnlySpan{byte})"/>
/// does, without loading the result: .NET loads every certificate it creates, which decodes the
/// public key through OpenSSL 3 again, and the CA's caller mostly only sends the bytes on.
/// </summary>
internal static class CertificateEncoder
{
    private const string Sha256WithRsa = "1.2.840.113549.1.1.11";

    /// <summary>The signed certificate's DER; <paramref name="serial"/> is a positive integer, big-endian and minimal (as the CA draws them).</summary>
    public static byte[] Encode(CertificateRequest request, X500DistinguishedName issuer, RSA issuerKey, DateTimeOffset notBefore, DateTimeOffset notAfter, byte[] serial)
    {
        if (serial.Length == 0 || serial[0] >= 0x80 || (serial[0] == 0 && (serial.Length == 1 || serial[1] < 0x80)))
        {
            throw new ArgumentException($"the serial number {Convert.ToHexString(serial)} is not a positive integer in its shortest big-endian form", nameof(serial));
        }

        if (notAfter < notBefore)
        {
            throw new ArgumentException("the certificate's notAfter is earlier than its notBefore", nameof(notAfter));
        }

        var tbs = new AsnWriter(AsnEncodingRules.DER);
        using (tbs.PushSequence())
        {
            using (tbs.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                tbs.WriteInteger(2);
            }

            tbs.WriteInteger(serial);
            WriteAlgorithm(tbs);
            tbs.WriteEncodedValue(issuer.RawData);
            using (tbs.PushSequence())
            {
                WriteTime(tbs, notBefore);
                WriteTime(tbs, notAfter);
            }

            tbs.WriteEncodedValue(request.SubjectName.RawData);
            tbs.WriteEncodedValue(request.PublicKey.ExportSubjectPublicKeyInfo());
            if (request.CertificateExtensions.Count > 0)
            {
                using (tbs.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 3)))
                using (tbs.PushSequence())
                {
                    foreach (var extension in request.CertificateExtensions)
                    {
                        using (tbs.PushSequence())
                        {
                            tbs.WriteObjectIdentifier(extension.Oid!.Value!);
                            if (extension.Critical)
                            {
                                tbs.WriteBoolean(true);
                            }

                            tbs.WriteOctetString(extension.RawData);
                        }
                    }
                }
            }
        }

        var toBeSigned = tbs.Encode();
        byte[] signature;
        using (PhaseProfiler.Enter(ProfilePhase.RsaPrivateKey))
        {
            signature = issuerKey.SignData(toBeSigned, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }

        var certificate = new AsnWriter(AsnEncodingRules.DER);
        using (certificate.PushSequence())
        {
            certificate.WriteEncodedValue(toBeSigned);
            WriteAlgorithm(certificate);
            certificate.WriteBitString(signature);
        }

        return certificate.Encode();
    }

    /// <summary>A time as encoded: to the second, in UTC.</summary>
    public static DateTimeOffset Encoded(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    private static void WriteAlgorithm(AsnWriter writer)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(Sha256WithRsa);
            writer.WriteNull();
        }
    }

    // RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, without fractions of a second.
    private static void WriteTime(AsnWriter writer, DateTimeOffset time)
    {
        var utc = Encoded(time);
        if (utc.Year is >= 1950 and < 2050)
        {
            writer.WriteUtcTime(utc);
        }
        else
        {
            writer.WriteGeneralizedTime(utc, omitFractionalSeconds: true);
        }
    }
}
