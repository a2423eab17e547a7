using System.Security.Cryptography.X509Certificates;

namespace AmtSim.Pki.Certificates;

/// <summary>A certificate subject as AMT cares about it: CN, OU, O (and optionally C).</summary>
public sealed record SubjectName(string CommonName, string? OrganizationalUnit = null, string? Organization = null, string? Country = null)
{
    /// <summary>Encodes as an X.500 name, most general first (C, O, OU, CN), the usual order in DER.</summary>
    public X500DistinguishedName ToX500()
    {
        ArgumentException.ThrowIfNullOrEmpty(CommonName);
        // X500DistinguishedNameBuilder encodes the last added RDN first, so add CN first to get C, O, OU, CN in DER.
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(CommonName);
        if (!string.IsNullOrEmpty(OrganizationalUnit))
        {
            builder.AddOrganizationalUnitName(OrganizationalUnit);
        }

        if (!string.IsNullOrEmpty(Organization))
        {
            builder.AddOrganizationName(Organization);
        }

        if (!string.IsNullOrEmpty(Country))
        {
            builder.AddCountryOrRegion(Country);
        }

        return builder.Build();
    }

    public override string ToString() => ToX500().Name;
}
