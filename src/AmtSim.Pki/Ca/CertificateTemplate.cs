namespace AmtSim.Pki.Ca;

/// <summary>
/// Enterprise CA certificate template versions (seed 004): version 1 ("Web Server", Windows 2000),
/// version 2 (duplicated, Windows Server 2003 Enterprise), version 3 (Windows Server 2008), whose
/// certificates Configuration Manager cannot use.
/// </summary>
public enum TemplateVersion
{
    V1 = 1,
    V2 = 2,
    V3 = 3,
}

/// <summary>A certificate template the CA issues from.</summary>
/// <param name="Name">Template name ("WebServer", "AMTWebServer", ...).</param>
/// <param name="Version">Template version.</param>
/// <param name="Validity">Validity period of issued certificates.</param>
/// <param name="SupplyInRequest">Subject supplied in the request (the site server supplies the device FQDN).</param>
public sealed record CertificateTemplate(string Name, TemplateVersion Version, TimeSpan Validity, bool SupplyInRequest = true)
{
    /// <summary>The default version 1 "Web Server" template: server authentication only, 2 years.</summary>
    public static CertificateTemplate WebServerV1 { get; } = new("WebServer", TemplateVersion.V1, TimeSpan.FromDays(730));

    /// <summary>A duplicated Web Server template (version 2), as the SCCM docs recommend.</summary>
    public static CertificateTemplate AmtWebServerV2 { get; } = new("ConfigMgrAMTWebServer", TemplateVersion.V2, TimeSpan.FromDays(365));

    /// <summary>A version 3 duplicate: issues certificates, but not ones Configuration Manager can use (seed 004).</summary>
    public static CertificateTemplate AmtWebServerV3 { get; } = new("ConfigMgrAMTWebServerV3", TemplateVersion.V3, TimeSpan.FromDays(365));

    /// <summary>Whether Configuration Manager can use certificates from this template (seed 004: not version 3).</summary>
    public bool UsableByConfigurationManager => Version != TemplateVersion.V3;
}
