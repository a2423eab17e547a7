using System.Security.Cryptography.X509Certificates;
using AmtSim.Firmware.Validation;

namespace AmtSim.Testing.Web;

/// <summary>
/// A small stand-in for the provisioning-certificate rules while the real validator is built
/// elsewhere: only checks the real rules also apply, so test chains are rejected by both for
/// the same obvious reason — root hash not in the device's active table (RootNotTrusted), leaf
/// without the setup OID or OU (MissingSetupOidAndOu), leaf CN outside the trusted suffix (DomainSuffixMismatch).
/// </summary>
public static class StandInChainValidator
{
    public const string SetupOid = "2.16.840.1.113741.1.2.3";
    public const string SetupOu = "Intel(R) Client Setup Certificate";

    public static ValidationResult Validate(IReadOnlyList<X509Certificate2> chain, ValidationContext context)
    {
        var root = chain[^1];
        if (!context.TrustedHashes.Any(h => h.IsActive && h.Matches(root.RawData)))
        {
            return ValidationResult.Reject(ValidationReason.RootNotTrusted, $"root '{root.Subject}' not in the trusted hash table");
        }

        var leaf = chain[0];
        var ekus = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().SelectMany(e => e.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>()).Select(o => o.Value).ToList();
        var hasOu = leaf.SubjectName.EnumerateRelativeDistinguishedNames().Any(r => r.GetSingleElementType().Value == "2.5.4.11" && r.GetSingleElementValue() == SetupOu);
        if (!ekus.Contains(SetupOid) && !hasOu)
        {
            return ValidationResult.Reject(ValidationReason.MissingSetupOidAndOu, "leaf has neither the AMT setup OID nor the setup OU");
        }

        var cn = leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        if (context.TrustedDnsSuffix is not { } suffix || !(cn.EndsWith("." + suffix, StringComparison.OrdinalIgnoreCase) || string.Equals(cn, suffix, StringComparison.OrdinalIgnoreCase)))
        {
            return ValidationResult.Reject(ValidationReason.DomainSuffixMismatch, $"CN '{cn}' does not match suffix '{context.TrustedDnsSuffix}'");
        }

        return ValidationResult.Accept();
    }
}
