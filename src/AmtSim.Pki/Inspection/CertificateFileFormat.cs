namespace AmtSim.Pki.Inspection;

/// <summary>How a certificate file was encoded.</summary>
public enum CertificateFileFormat
{
    Pem,
    Der,
    Pfx,
}
