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
/// <param name="RequiresApproval">
/// The template's issuance requirement "CA certificate manager approval": a CA whose policy module
/// follows the template settings (seed 001) leaves its requests pending. Only version 2 and 3
/// templates can carry it: a version 1 template can change nothing but its permissions (seed 004).
/// </param>
public sealed record CertificateTemplate(string Name, TemplateVersion Version, TimeSpan Validity, bool SupplyInRequest = true, bool RequiresApproval = false)
{
    public string Name { get; } = !RequiresApproval || Version != TemplateVersion.V1
        ? Name
        : throw new ArgumentException($"template {Name}: a version 1 template cannot require CA certificate manager approval (only its permissions can change; duplicate it as version 2)", nameof(RequiresApproval));

    /// <summary>The default version 1 "Web Server" template: server authentication only, 2 years.</summary>
    public static CertificateTemplate WebServerV1 { get; } = new("WebServer", TemplateVersion.V1, TimeSpan.FromDays(730));

    /// <summary>A duplicated Web Server template (version 2), as the SCCM docs recommend.</summary>
    public static CertificateTemplate AmtWebServerV2 { get; } = new("ConfigMgrAMTWebServer", TemplateVersion.V2, TimeSpan.FromDays(365));

    /// <summary>A version 3 duplicate: issues certificates, but not ones Configuration Manager can use (seed 004).</summary>
    public static CertificateTemplate AmtWebServerV3 { get; } = new("ConfigMgrAMTWebServerV3", TemplateVersion.V3, TimeSpan.FromDays(365));

    /// <summary>The default validity of a template of <paramref name="version"/> (the built-in ones': 2 years for version 1, 1 year for duplicates).</summary>
    public static TimeSpan DefaultValidity(TemplateVersion version) => version == TemplateVersion.V1 ? WebServerV1.Validity : AmtWebServerV2.Validity;

    /// <summary>Whether Configuration Manager can use certificates from this template (seed 004: not version 3).</summary>
    public bool UsableByConfigurationManager => Version != TemplateVersion.V3;
}
