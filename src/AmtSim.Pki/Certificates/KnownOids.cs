namespace AmtSim.Pki.Certificates;

/// <summary>Object identifiers that matter for AMT provisioning certificates, with display names.</summary>
public static class KnownOids
{
    /// <summary>Intel AMT setup (remote configuration) EKU, amt-reference.md §1.4.</summary>
    public const string AmtSetup = "2.16.840.1.113741.1.2.3";

    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
    public const string CodeSigning = "1.3.6.1.5.5.7.3.3";
    public const string EmailProtection = "1.3.6.1.5.5.7.3.4";

    public const string Sha1WithRsa = "1.2.840.113549.1.1.5";
    public const string Sha256WithRsa = "1.2.840.113549.1.1.11";
    public const string Sha384WithRsa = "1.2.840.113549.1.1.12";
    public const string Sha512WithRsa = "1.2.840.113549.1.1.13";
    public const string Md5WithRsa = "1.2.840.113549.1.1.4";

    /// <summary>The OU that AMT accepts instead of the setup OID (case-sensitive).</summary>
    public const string AmtSetupOrganizationalUnit = "Intel(R) Client Setup Certificate";

    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        [AmtSetup] = "Intel AMT setup",
        [ServerAuthentication] = "Server Authentication",
        [ClientAuthentication] = "Client Authentication",
        [CodeSigning] = "Code Signing",
        [EmailProtection] = "Secure Email",
        [Sha1WithRsa] = "sha1RSA",
        [Sha256WithRsa] = "sha256RSA",
        [Sha384WithRsa] = "sha384RSA",
        [Sha512WithRsa] = "sha512RSA",
        [Md5WithRsa] = "md5RSA",
    };

    /// <summary>The display name of <paramref name="oid"/>, or null when it is not one of ours.</summary>
    public static string? NameOf(string oid) => Names.GetValueOrDefault(oid);
}
