namespace AmtSim.Pki.Certificates;

/// <summary>Where a certificate sits in a chain; decides the default extensions.</summary>
public enum CertificateKind
{
    /// <summary>Self-signed CA: basic constraints CA, key usage certificate and CRL signing.</summary>
    Root,

    /// <summary>CA issued by another CA: basic constraints CA with path length 0 by default.</summary>
    Intermediate,

    /// <summary>End entity: basic constraints not CA, key usage digital signature and key encipherment.</summary>
    Leaf,
}
