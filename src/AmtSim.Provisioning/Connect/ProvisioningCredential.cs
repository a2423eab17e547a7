using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AmtSim.Provisioning.Connect;

/// <summary>
/// The chain a provisioning server presents as its TLS client certificate, leaf first, exactly
/// as it will go on the wire (a PFX exported without the chain gives the leaf alone), and the
/// leaf's private key.
/// </summary>
public sealed record ProvisioningCredential(IReadOnlyList<X509Certificate2> Chain, RSA Key)
{
    public X509Certificate2 Leaf => Chain[0];

    /// <summary>From a PFX's contents: the certificate with the private key is the leaf; the others follow it up to the root.</summary>
    public static ProvisioningCredential FromCollection(X509Certificate2Collection certificates)
    {
        var leaf = certificates.Cast<X509Certificate2>().FirstOrDefault(c => c.HasPrivateKey)
            ?? throw new ArgumentException("the collection holds no certificate with a private key", nameof(certificates));
        var key = leaf.GetRSAPrivateKey() ?? throw new ArgumentException("the provisioning certificate's key is not RSA", nameof(certificates));
        var chain = new List<X509Certificate2> { leaf };
        var rest = certificates.Cast<X509Certificate2>().Where(c => !ReferenceEquals(c, leaf)).ToList();
        var current = leaf;
        while (current.SubjectName.RawData.AsSpan().SequenceEqual(current.IssuerName.RawData) is false)
        {
            var issuer = rest.FirstOrDefault(c => c.SubjectName.RawData.AsSpan().SequenceEqual(current.IssuerName.RawData));
            if (issuer is null)
            {
                break;
            }

            chain.Add(issuer);
            rest.Remove(issuer);
            current = issuer;
        }

        return new ProvisioningCredential(chain, key);
    }
}
