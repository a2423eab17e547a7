namespace AmtSim.Firmware.Validation;

/// <summary>
/// The markers AMT firmware looks for in a provisioning (remote configuration) leaf certificate
/// (amt-reference.md §1.4; seed 002 for the OU text, "(R) is used instead of ®").
/// </summary>
public static class ProvisioningCertificateOids
{
    /// <summary>Intel AMT setup OID, carried in the leaf's extended key usage.</summary>
    public const string AmtSetup = "2.16.840.1.113741.1.2.3";

    /// <summary>id-kp-serverAuth; needed alongside <see cref="AmtSetup"/> when the leaf has no setup OU.</summary>
    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>The Subject OU that alone marks a provisioning certificate; compared exactly (case-sensitive).</summary>
    public const string ClientSetupOu = "Intel(R) Client Setup Certificate";

    internal const string CommonNameAttribute = "2.5.4.3";
    internal const string OrganizationalUnitAttribute = "2.5.4.11";
    internal const string RsaEncryption = "1.2.840.113549.1.1.1";
    internal const string EcPublicKey = "1.2.840.10045.2.1";
}
