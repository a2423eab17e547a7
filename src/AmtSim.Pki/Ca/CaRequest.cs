using System.Security.Cryptography.X509Certificates;

namespace AmtSim.Pki.Ca;

/// <summary>The policy module setting (seed 001): issue at once, or leave requests pending for an administrator.</summary>
public enum CaPolicyModule
{
    /// <summary>"Follow the settings in the certificate template, if applicable. Otherwise, automatically issue the certificate."</summary>
    AutoIssue,

    /// <summary>"Set the certificate request status to pending. The administrator must explicitly issue the certificate."</summary>
    Pending,
}

public enum RequestDisposition
{
    Pending,
    Issued,
    Denied,
}

/// <summary>A request the CA received and what became of it.</summary>
public sealed class CaRequest
{
    internal CaRequest(int id, string subject, CertificateTemplate template, byte[] pkcs10, DateTimeOffset submittedAt)
    {
        Id = id;
        Subject = subject;
        Template = template;
        Pkcs10 = pkcs10;
        SubmittedAt = submittedAt;
    }

    public int Id { get; }
    public string Subject { get; }
    public CertificateTemplate Template { get; }
    public DateTimeOffset SubmittedAt { get; }
    public RequestDisposition Disposition { get; internal set; } = RequestDisposition.Pending;

    /// <summary>When the request was issued or denied (null while pending); equal to <see cref="SubmittedAt"/> when issued at once.</summary>
    public DateTimeOffset? DecidedAt { get; internal set; }
    public string DispositionMessage { get; internal set; } = "Taken Under Submission";
    /// <summary>The issued certificate, loaded by .NET on first use (null until issued).</summary>
    public X509Certificate2? Certificate => Issued?.Certificate;

    /// <summary>The issued certificate as the CA made it: its DER, serial and validity (null until issued).</summary>
    public IssuedCertificate? Issued { get; internal set; }

    internal byte[] Pkcs10 { get; }
}

/// <summary>A revoked certificate: serial, time and reason.</summary>
public sealed record Revocation(string SerialNumber, DateTimeOffset RevokedAt, X509RevocationReason Reason);
