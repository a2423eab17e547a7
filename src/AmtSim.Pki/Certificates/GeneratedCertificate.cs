using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Pki.Keys;

namespace AmtSim.Pki.Certificates;

/// <summary>A certificate made by <see cref="CertificateFactory"/>, with its key and its issuer.</summary>
public sealed class GeneratedCertificate
{
    private readonly byte[] _der;
    private readonly Lazy<X509Certificate2> _certificate;

    internal GeneratedCertificate(CertificateSpec spec, SeededKey key, GeneratedCertificate? issuer, byte[] der)
    {
        Spec = spec;
        Key = key;
        Issuer = issuer;
        _der = der;
        _certificate = new Lazy<X509Certificate2>(() => CreateCertificate(withPrivateKey: true));
    }

    public CertificateSpec Spec { get; }

    /// <summary>The subject's key (always known for generated certificates).</summary>
    public SeededKey Key { get; }

    /// <summary>The issuing certificate; null for a self-signed root.</summary>
    public GeneratedCertificate? Issuer { get; }

    public bool IsSelfSigned => Issuer is null;

    /// <summary>The DER encoding.</summary>
    public ReadOnlyMemory<byte> RawData => _der;

    /// <summary>The certificate with its private key attached (one shared instance; do not dispose).</summary>
    public X509Certificate2 Certificate => _certificate.Value;

    /// <summary>This certificate, then its issuers up to and including the root.</summary>
    public IReadOnlyList<GeneratedCertificate> Chain
    {
        get
        {
            var chain = new List<GeneratedCertificate>();
            for (var current = this; current is not null; current = current.Issuer)
            {
                chain.Add(current);
            }

            return chain;
        }
    }

    public GeneratedCertificate Root => Chain[^1];

    /// <summary>SHA-1 of the DER as lower-case hex (the "thumbprint" Windows shows).</summary>
    public string Sha1Thumbprint => Convert.ToHexStringLower(SHA1.HashData(_der));

    public string Sha256Thumbprint => Convert.ToHexStringLower(SHA256.HashData(_der));

    /// <summary>A copy of the DER encoding.</summary>
    public byte[] Der() => (byte[])_der.Clone();

    /// <summary>A new .NET certificate object the caller owns, with or without the private key.</summary>
    public X509Certificate2 CreateCertificate(bool withPrivateKey)
    {
        var certificate = X509CertificateLoader.LoadCertificate(_der);
        if (!withPrivateKey)
        {
            return certificate;
        }

        using (certificate)
        using (var rsa = Key.CreateRsa())
        {
            return certificate.CopyWithPrivateKey(rsa);
        }
    }

    /// <summary>PEM of this certificate alone (LF line ends).</summary>
    public string ToPem() => PemEncoding.WriteString("CERTIFICATE", _der) + "\n";

    public override string ToString() => $"{Spec.Subject} ({Spec.Id})";
}
