using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Pki.Inspection;
using AmtSim.Runtime.Errors;

namespace AmtSim.Pki.UserCertificates;

/// <summary>
/// A provisioning certificate a user brings (a customer's real chain, issue 18): the leaf with its
/// private key and the rest of its certification path, leaf first, from a PFX or from PEM/DER files
/// (certificate, key, chain). Loading checks what would otherwise surface as a confusing run: a
/// wrong or missing password, no private key (or a key that belongs to another certificate), and
/// certificates that do not form one path from the leaf. Dates, EKUs, OU and root trust are not
/// checked here: those are what the simulated devices judge, so a customer's broken chain replays
/// as the failure it caused.
/// </summary>
public sealed class UserProvisioningChain
{
    private UserProvisioningChain(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> path)
    {
        Leaf = leaf;
        Path = path;
    }

    /// <summary>The provisioning certificate, with its private key.</summary>
    public X509Certificate2 Leaf { get; }

    /// <summary>The certification path the server presents, leaf first (the root last when it was given).</summary>
    public IReadOnlyList<X509Certificate2> Path { get; }

    /// <summary>True when the path ends in a self-signed certificate (AMT hashes the last certificate presented).</summary>
    public bool EndsAtRoot => IsSelfIssued(Path[^1]);

    /// <summary>
    /// Loads <paramref name="certificateFile"/> (PFX, PEM or DER), the private key from the same file
    /// or <paramref name="keyFile"/> (PEM: PKCS#8, encrypted PKCS#8 or PKCS#1), and the further
    /// certificates of the path from <paramref name="chainFiles"/>. <paramref name="password"/> opens
    /// a PFX or an encrypted key; <paramref name="passwordSource"/> names where it comes from in
    /// messages ("pki.password", "$CUSTOMER_PFX_PASSWORD").
    /// </summary>
    /// <exception cref="InvalidInputException">A message that names the file and the problem.</exception>
    public static UserProvisioningChain Load(string certificateFile, string? keyFile, IReadOnlyList<string> chainFiles, string? password, string passwordSource)
    {
        var main = CertificateFile.Read(certificateFile, password, passwordSource);
        var certificates = new List<(X509Certificate2 Certificate, string File)>(main.Certificates.Select(c => (c, certificateFile)));
        foreach (var file in chainFiles)
        {
            certificates.AddRange(CertificateFile.Read(file, password, passwordSource).Certificates.Select(c => (c, file)));
        }

        certificates = [.. certificates.DistinctBy(c => c.Certificate.Thumbprint)];
        var leaf = FindLeaf(main, certificates, keyFile, password, passwordSource);
        return new UserProvisioningChain(leaf, BuildPath(leaf, certificates));
    }

    /// <summary>The certificate with the private key: from the PFX, or a certificate of the files matched with the PEM key.</summary>
    private static X509Certificate2 FindLeaf(CertificateFile main, List<(X509Certificate2 Certificate, string File)> certificates, string? keyFile, string? password, string passwordSource)
    {
        if (keyFile is null)
        {
            var withKey = main.Certificates.Where(c => c.HasPrivateKey).ToList();
            if (withKey.Count > 0)
            {
                // A PFX holds one key in practice; with several, the end-entity one is the provisioning certificate.
                return withKey.FirstOrDefault(c => !IsCa(c)) ?? withKey[0];
            }

            if (main.Format == CertificateFileFormat.Pem && PemKey.TryRead(main.Path, password, passwordSource) is { } inlineKey)
            {
                using (inlineKey)
                {
                    return Attach(inlineKey, main.Path, certificates);
                }
            }

            var first = main.Certificates[0];
            throw new InvalidInputException(main.Format == CertificateFileFormat.Pfx
                ? $"{main.Path}: the PFX holds no private key (it was exported without it; export it again with \"Yes, export the private key\")"
                : $"{main.Path}: no private key for '{first.Subject}' (give the key file, a PEM PRIVATE KEY block, or use a PFX with the private key)");
        }

        var key = PemKey.TryRead(keyFile, password, passwordSource)
            ?? throw new InvalidInputException($"{keyFile}: no private key in the file (expected a PEM block PRIVATE KEY, ENCRYPTED PRIVATE KEY or RSA PRIVATE KEY)");
        using (key)
        {
            return Attach(key, keyFile, certificates);
        }
    }

    private static X509Certificate2 Attach(RSA key, string keyFile, List<(X509Certificate2 Certificate, string File)> certificates)
    {
        var modulus = key.ExportParameters(false).Modulus!;
        foreach (var (certificate, _) in certificates)
        {
            if (certificate.GetRSAPublicKey() is { } pub)
            {
                using (pub)
                {
                    if (pub.ExportParameters(false).Modulus!.AsSpan().SequenceEqual(modulus))
                    {
                        // Copied, so the key outlives the RSA object it was imported into.
                        using var bound = certificate.CopyWithPrivateKey(key);
                        return X509CertificateLoader.LoadPkcs12(bound.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable | X509KeyStorageFlags.EphemeralKeySet);
                    }
                }
            }
        }

        throw new InvalidInputException($"{keyFile}: the private key belongs to none of the certificates given ({string.Join(", ", certificates.Select(c => $"'{c.Certificate.Subject}'"))})");
    }

    /// <summary>
    /// The leaf, then each certificate's issuer among those given (by name), until a self-signed
    /// certificate or an issuer that was not given. A certificate left over belongs to no path from
    /// the leaf: not a chain.
    /// </summary>
    private static List<X509Certificate2> BuildPath(X509Certificate2 leaf, List<(X509Certificate2 Certificate, string File)> certificates)
    {
        var path = new List<X509Certificate2> { leaf };
        var rest = certificates.Where(c => c.Certificate.Thumbprint != leaf.Thumbprint).ToList();
        var current = leaf;
        while (!IsSelfIssued(current))
        {
            var issuer = rest.FindIndex(c => c.Certificate.SubjectName.RawData.AsSpan().SequenceEqual(current.IssuerName.RawData));
            if (issuer < 0)
            {
                break;
            }

            current = rest[issuer].Certificate;
            path.Add(current);
            rest.RemoveAt(issuer);
        }

        if (rest.Count > 0)
        {
            var (stray, file) = rest[0];
            throw new InvalidInputException(
                $"{file}: not a chain: '{stray.Subject}' is not on the certification path of '{leaf.Subject}' ({string.Join(" <- ", path.Select(p => $"'{p.Subject}'"))}{(IsSelfIssued(current) ? "" : $", whose next issuer would be '{current.Issuer}'")})");
        }

        return path;
    }

    /// <summary>A PFX of the path (or of the leaf alone, a PFX exported without the certification path), as a server is configured with it.</summary>
    public byte[] ExportPfx(string password, bool leafOnly)
    {
        var collection = new X509Certificate2Collection { Leaf };
        if (!leafOnly)
        {
            foreach (var c in Path.Skip(1))
            {
                collection.Add(c);
            }
        }

        return collection.Export(X509ContentType.Pkcs12, password)!;
    }

    internal static bool IsSelfIssued(X509Certificate2 c) => c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData);

    private static bool IsCa(X509Certificate2 c) => c.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority);
}
