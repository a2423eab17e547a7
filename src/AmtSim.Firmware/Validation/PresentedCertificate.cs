using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AmtSim.Firmware.Validation;

/// <summary>
/// One certificate of a presented chain as the validator sees it: its place in the chain and the
/// parts the checks need, each parsed at most once (signed bytes, subject attributes, public key).
/// Owns the public key it loads, never the certificate.
/// </summary>
internal sealed class PresentedCertificate : IDisposable
{
    private readonly int _count;
    private AsymmetricAlgorithm? _publicKey;
    private bool _publicKeyLoaded;
    private List<KeyValuePair<string, string>>? _subjectAttributes;
    private string? _subject;
    private byte[]? _subjectPublicKeyInfo;

    public PresentedCertificate(X509Certificate2 certificate, int index, int count)
    {
        Certificate = certificate;
        Index = index;
        _count = count;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>0 for the leaf; the root is last.</summary>
    public int Index { get; }

    public string Subject => _subject ??= Certificate.Subject;

    /// <summary>"leaf #1 'CN=…'", "intermediate #2 '…'", "root #3 '…'": used in every detail string.</summary>
    public string Label
    {
        get
        {
            var role = _count == 1 ? "certificate" : Index == 0 ? "leaf" : Index == _count - 1 ? "root" : "intermediate";
            return $"{role} #{Index + 1} '{Subject}'";
        }
    }

    public bool IsSelfIssued => Certificate.SubjectName.RawData.AsSpan().SequenceEqual(Certificate.IssuerName.RawData);

    /// <summary>True when this certificate's subject is exactly (DER bytes) the issuer named by <paramref name="child"/>.</summary>
    public bool IsNamedIssuerOf(PresentedCertificate child) => Certificate.SubjectName.RawData.AsSpan().SequenceEqual(child.Certificate.IssuerName.RawData);

    public DateTimeOffset NotBefore => new(Certificate.NotBefore);

    public DateTimeOffset NotAfter => new(Certificate.NotAfter);

    public string KeyAlgorithmOid => Certificate.PublicKey.Oid.Value ?? "";

    public bool IsRsaKey => KeyAlgorithmOid == ProvisioningCertificateOids.RsaEncryption;

    /// <summary>The DER SubjectPublicKeyInfo, encoded once.</summary>
    public byte[] SubjectPublicKeyInfo => _subjectPublicKeyInfo ??= Certificate.PublicKey.ExportSubjectPublicKeyInfo();

    /// <summary>
    /// Bits of the RSA modulus, read from the encoded key without importing it (importing into
    /// OpenSSL 3 is the expensive part); 0 when the key is not RSA or cannot be read.
    /// </summary>
    public int RsaModulusBits
    {
        get
        {
            if (!IsRsaKey)
            {
                return 0;
            }

            try
            {
                var key = new AsnReader(Certificate.PublicKey.EncodedKeyValue.RawData, AsnEncodingRules.DER).ReadSequence();
                var modulus = key.ReadIntegerBytes().Span;
                while (modulus.Length > 0 && modulus[0] == 0)
                {
                    modulus = modulus[1..];
                }

                return modulus.Length == 0 ? 0 : ((modulus.Length - 1) * 8) + (32 - BitOperations.LeadingZeroCount((uint)modulus[0]));
            }
            catch (AsnContentException)
            {
                return 0;
            }
        }
    }

    /// <summary>The subject public key (RSA or ECDSA), loaded once; null for other key types.</summary>
    public AsymmetricAlgorithm? PublicKey
    {
        get
        {
            if (!_publicKeyLoaded)
            {
                _publicKeyLoaded = true;
                try
                {
                    _publicKey = KeyAlgorithmOid switch
                    {
                        ProvisioningCertificateOids.RsaEncryption => Certificate.GetRSAPublicKey(),
                        ProvisioningCertificateOids.EcPublicKey => Certificate.GetECDsaPublicKey(),
                        _ => null,
                    };
                }
                catch (CryptographicException)
                {
                    _publicKey = null;
                }
            }

            return _publicKey;
        }
    }

    /// <summary>Splits the DER into the signed TBSCertificate, both algorithm identifiers and the signature value.</summary>
    public bool TryGetSignedParts(out SignedParts parts, out string problem)
    {
        parts = default;
        problem = "";
        try
        {
            var outer = new AsnReader(Certificate.RawDataMemory, AsnEncodingRules.DER).ReadSequence();
            var tbs = outer.ReadEncodedValue();
            var outerAlgorithm = outer.ReadEncodedValue();
            var signature = outer.ReadBitString(out var unusedBits);
            if (unusedBits != 0 || outer.HasData)
            {
                problem = "its signature field is malformed";
                return false;
            }

            var tbsReader = new AsnReader(tbs, AsnEncodingRules.DER).ReadSequence();
            if (tbsReader.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                tbsReader.ReadEncodedValue();
            }

            tbsReader.ReadEncodedValue();
            var innerAlgorithm = tbsReader.ReadEncodedValue();
            var oid = new AsnReader(outerAlgorithm, AsnEncodingRules.DER).ReadSequence().ReadObjectIdentifier();
            parts = new SignedParts(tbs, oid, outerAlgorithm, innerAlgorithm, signature);
            return true;
        }
        catch (AsnContentException e)
        {
            problem = $"it is not valid DER ({e.Message})";
            return false;
        }
    }

    /// <summary>Values of every subject attribute of type <paramref name="oid"/> (all RDNs, multi-valued ones included), in DER order.</summary>
    public IEnumerable<string> SubjectAttributes(string oid)
    {
        _subjectAttributes ??= ReadAttributes(Certificate.SubjectName.RawData);
        foreach (var (type, value) in _subjectAttributes)
        {
            if (type == oid)
            {
                yield return value;
            }
        }
    }

    public T? Extension<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>(string oid) where T : X509Extension
    {
        var extension = Certificate.Extensions[oid];
        return extension switch
        {
            null => null,
            T typed => typed,
            _ => (T?)Activator.CreateInstance(typeof(T), extension, extension.Critical),
        };
    }

    public void Dispose()
    {
        _publicKey?.Dispose();
    }

    /// <summary>Attribute type and string value of every AttributeTypeAndValue in a Name; values that are not strings are skipped.</summary>
    private static List<KeyValuePair<string, string>> ReadAttributes(byte[] name)
    {
        var result = new List<KeyValuePair<string, string>>();
        try
        {
            var rdns = new AsnReader(name, AsnEncodingRules.BER).ReadSequence();
            while (rdns.HasData)
            {
                var set = rdns.ReadSetOf(skipSortOrderValidation: true);
                while (set.HasData)
                {
                    var attribute = set.ReadSequence();
                    var type = attribute.ReadObjectIdentifier();
                    var tag = attribute.PeekTag();
                    if (tag.TagClass == TagClass.Universal && IsStringType((UniversalTagNumber)tag.TagValue))
                    {
                        result.Add(new(type, attribute.ReadCharacterString((UniversalTagNumber)tag.TagValue)));
                    }
                }
            }
        }
        catch (AsnContentException)
        {
            // A subject the reader cannot parse yields the attributes read so far; checks that need
            // a CN or OU then fail, which is the safe side.
        }

        return result;
    }

    private static bool IsStringType(UniversalTagNumber tag) => tag is UniversalTagNumber.UTF8String or UniversalTagNumber.PrintableString
        or UniversalTagNumber.T61String or UniversalTagNumber.IA5String or UniversalTagNumber.VisibleString
        or UniversalTagNumber.BMPString or UniversalTagNumber.NumericString;
}
