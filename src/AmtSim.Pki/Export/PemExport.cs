using AmtSim.Pki.Certificates;

namespace AmtSim.Pki.Export;

/// <summary>PEM files of generated certificates and keys; LF line ends, so the bytes are the same everywhere.</summary>
public static class PemExport
{
    /// <summary>One certificate.</summary>
    public static string Certificate(GeneratedCertificate certificate) => certificate.ToPem();

    /// <summary>The chain as a TLS client presents it: the certificate first, then each issuer up to the root.</summary>
    public static string Chain(GeneratedCertificate certificate) => Concatenate(certificate.Chain);

    /// <summary>Several certificates in the given order.</summary>
    public static string Concatenate(IEnumerable<GeneratedCertificate> certificates)
        => string.Concat(certificates.Select(c => c.ToPem()));

    /// <summary>The certificate's private key as unencrypted PKCS#8 (<c>-----BEGIN PRIVATE KEY-----</c>).</summary>
    public static string PrivateKey(GeneratedCertificate certificate) => certificate.Key.ToPem();
}
