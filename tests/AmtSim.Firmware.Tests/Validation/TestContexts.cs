using System.Security.Cryptography.X509Certificates;
using AmtSim.Firmware.Profiles;
using AmtSim.Firmware.Validation;
using AmtSim.Pki.Catalogue;
using AmtSim.Protocol.Hello;

namespace AmtSim.Firmware.Tests.Validation;

/// <summary>Device contexts for tests: the firmware's real default table plus the test root as a custom (stand-in style) entry.</summary>
internal static class TestContexts
{
    public const string StandInName = "AmtSim stand-in test root";

    public static ValidationContext For(
        X509Certificate2 trustedRoot,
        string firmware = "16.1",
        string? suffix = "contoso.com",
        DateTimeOffset? now = null,
        CertHashType algorithm = CertHashType.Sha256,
        bool active = true,
        Func<FirmwareProfile, FirmwareProfile>? profile = null)
    {
        var p = FirmwareProfile.For(firmware);
        p = profile?.Invoke(p) ?? p;
        return new ValidationContext
        {
            TrustedHashes = [.. p.DefaultHashes, TrustedRootHash.ForCertificate(StandInName, algorithm, trustedRoot.RawData, isDefault: false, isActive: active)],
            TrustedDnsSuffix = suffix,
            Profile = p,
            Now = now ?? TestChainBuilder.Now,
        };
    }
}
