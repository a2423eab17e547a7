using AmtSim.Pki.Certificates;
using AmtSim.Runtime.Determinism;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace AmtSim.Pki.Export;

/// <summary>
/// Password-protected PKCS#12 (PFX) files, with or without the chain: the choice Windows offers as
/// "Include all certificates in the certification path if possible" (seed 000).
/// The bytes are deterministic: BouncyCastle writes them, with its salts drawn from a DRBG seeded
/// from (seed, certificate id, chain choice). Keys and certificates are encrypted with
/// pbeWithSHAAnd3-KeyTripleDES-CBC (what Windows wrote in the seeds' days; OpenSSL 3 reads it without
/// the legacy provider, unlike BouncyCastle's default RC2-40 for certificates), MAC HMAC-SHA1, 1024 iterations.
/// </summary>
public static class PfxExport
{
    /// <summary>The password every fixture PFX uses.</summary>
    public const string FixturePassword = "amtsim";

    /// <summary>
    /// The certificate and its private key; with <paramref name="includeChain"/> also every issuer
    /// up to the root. The friendly name is the subject CN.
    /// </summary>
    public static byte[] Export(GeneratedCertificate certificate, string password, bool includeChain)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(password);
        var parser = new X509CertificateParser();
        var members = includeChain ? certificate.Chain : [certificate];
        var entries = members.Select(c => new X509CertificateEntry(parser.ReadCertificate(c.Der()))).ToArray();

        var store = new Pkcs12StoreBuilder()
            .SetUseDerEncoding(true)
            .SetKeyAlgorithm(PkcsObjectIdentifiers.PbeWithShaAnd3KeyTripleDesCbc)
            .SetCertAlgorithm(PkcsObjectIdentifiers.PbeWithShaAnd3KeyTripleDesCbc)
            // Leaf, then root, then intermediates: the bag order the fixtures (and the external
            // servers that read them) have had since BouncyCastle 1.8; 2.x writes issuers root last unless reversed.
            .SetReverseCertificates(true)
            .Build();
        store.SetKeyEntry(certificate.Spec.Subject.CommonName, new AsymmetricKeyEntry(certificate.Key.BouncyPrivateKey), entries);

        var random = SecureRandom.GetInstance("SHA256PRNG", autoSeed: false);
        random.SetSeed(SeedDerivation.DeriveBytes(certificate.Key.Seed, 0, $"pfx/{certificate.Spec.Id}/{(includeChain ? "chain" : "leaf")}", 32));
        using var output = new MemoryStream();
        store.Save(output, password.ToCharArray(), random);
        return output.ToArray();
    }
}
