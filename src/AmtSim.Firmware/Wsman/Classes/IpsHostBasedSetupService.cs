using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Validation;
using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>
/// IPS_HostBasedSetupService (amt-reference.md §4): Get shows the 20-byte ConfigurationNonce and
/// AllowedControlModes; Setup activates client control mode; AddNextCertInChain takes the
/// provisioning chain leaf first, root last, and validates it when the root arrives; AdminSetup
/// checks the leaf's RSA PKCS#1 v1.5 SHA-256 signature over ConfigurationNonce‖McNonce and
/// activates admin control mode.
/// </summary>
public sealed partial class IpsHostBasedSetupService : WsmanClass
{
    public const string ServiceName = "Intel(r) AMT Host Based Setup Service";

    /// <summary>AddNextCertInChain return values.</summary>
    public static class ChainCodes
    {
        public const uint Success = 0;
        public const uint InvalidParam = 1;
        public const uint InternalError = 2;
        public const uint InvalidState = 3;
        public const uint CertVerifyFailed = 4;
        public const uint CertChainLengthExceeded = 5;
    }

    /// <summary>AdminSetup/Setup return values.</summary>
    public static class SetupCodes
    {
        public const uint Success = 0;
        public const uint InternalError = 1;
        public const uint InvalidState = 2;
        public const uint InvalidParam = 3;
        public const uint MethodDisabled = 4;
        public const uint AuthFailed = 5;
        public const uint FlashWriteLimitExceeded = 6;
    }

    public override string ClassName => "IPS_HostBasedSetupService";

    public override IReadOnlyCollection<string> Methods => ["Setup", "AdminSetup", "AddNextCertInChain"];

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call)
    {
        var state = call.State;
        var chainStatus = state.HostBasedChainComplete ? 2 : state.HostBasedChain.Count > 0 ? 1 : 0;
        List<WsmanProperty> properties = [];
        if (call.Options.HostBasedSetupEnabled)
        {
            properties.Add(WsmanProperty.Of("AllowedControlModes", 1));
            properties.Add(WsmanProperty.Of("AllowedControlModes", 2));
        }

        properties.AddRange(
        [
            WsmanProperty.Of("CertChainStatus", chainStatus),
            WsmanProperty.Of("ConfigurationNonce", Convert.ToBase64String(state.ConfigurationNonce)),
            WsmanProperty.Of("CreationClassName", ClassName),
            WsmanProperty.Of("CurrentControlMode", (int)call.Device.ControlMode),
            WsmanProperty.Of("ElementName", ServiceName),
            WsmanProperty.Of("EnabledState", 5),
            WsmanProperty.Of("Name", ServiceName),
            WsmanProperty.Of("RequestedState", 12),
            WsmanProperty.Of("SystemCreationClassName", "CIM_ComputerSystem"),
            WsmanProperty.Of("SystemName", "Intel(r) AMT"),
        ]);
        return [Instance(properties)];
    }

    public override WsmanResult Invoke(string method, WsmanCall call) => method switch
    {
        "Setup" => Setup(call),
        "AdminSetup" => AdminSetup(call),
        "AddNextCertInChain" => AddNextCertInChain(call),
        _ => NotSupported(method),
    };

    /// <summary>CCM: Setup(NetAdminPassEncryptionType = 2, NetworkAdminPassword = md5hex("admin:" + realm + ":" + password)).</summary>
    private static WsmanResult Setup(WsmanCall call)
    {
        if (!call.Options.HostBasedSetupEnabled)
        {
            return WsmanResult.Output(SetupCodes.MethodDisabled, "host-based setup is disabled");
        }

        if (!call.TryUInt("NetAdminPassEncryptionType", out var type) || type != 2)
        {
            return WsmanResult.Output(SetupCodes.InvalidParam, "NetAdminPassEncryptionType must be 2 (HTTP Digest MD5(A1))");
        }

        var password = call.Text("NetworkAdminPassword");
        if (password is null || !Md5Hex().IsMatch(password))
        {
            return WsmanResult.Output(SetupCodes.InvalidParam, "NetworkAdminPassword must be 32 hex digits");
        }

        call.Device.AdminUser = "admin";
        call.Device.AdminDigestHa1 = password.ToLowerInvariant();
        call.Device.Apply(LifecycleEvent.HostBasedSetupClient, "host-based Setup (client control mode)");
        return WsmanResult.Output(SetupCodes.Success);
    }

    /// <summary>
    /// Leaf first (IsLeafCertificate restarts the chain), root last. When the root arrives the
    /// whole chain goes through the validator: an untrusted root (or any certificate fault) is
    /// 4 CertVerifyFailed; a DNS-suffix mismatch is remembered and fails AdminSetup with 5,
    /// which is where AMT reports it (amt-reference.md §4, §7: "ERR/5").
    /// </summary>
    private static WsmanResult AddNextCertInChain(WsmanCall call)
    {
        var state = call.State;
        var der = call.Base64("NextCertificate");
        var isLeaf = call.Bool("IsLeafCertificate");
        var isRoot = call.Bool("IsRootCertificate");
        if (der is null || isLeaf is null || isRoot is null)
        {
            return WsmanResult.Output(ChainCodes.InvalidParam, "NextCertificate (base64 DER), IsLeafCertificate and IsRootCertificate are required");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException ex)
        {
            return WsmanResult.Output(ChainCodes.InvalidParam, "NextCertificate is not a DER certificate: " + ex.Message);
        }

        if (isLeaf.Value)
        {
            state.ResetHostBasedChain();
        }
        else if (state.HostBasedChain.Count == 0 || state.HostBasedChainComplete)
        {
            return WsmanResult.Output(ChainCodes.InvalidState, "the chain must start with the leaf certificate");
        }

        state.HostBasedChain.Add(certificate);
        var maxLength = call.Device.Identity.Firmware.MaxChainLength;
        if (state.HostBasedChain.Count > maxLength)
        {
            state.ResetHostBasedChain();
            return WsmanResult.Output(ChainCodes.CertChainLengthExceeded, $"more than {maxLength} certificates");
        }

        if (!isRoot.Value)
        {
            return WsmanResult.Output(ChainCodes.Success, $"certificate {state.HostBasedChain.Count} stored");
        }

        var verdict = call.Options.Validator([.. state.HostBasedChain], call.Device.ValidationContext());
        if (!verdict.IsAccepted && verdict.Reason is not (ValidationReason.DomainSuffixMismatch or ValidationReason.NoTrustedDnsSuffix))
        {
            state.ResetHostBasedChain();
            return WsmanResult.Output(ChainCodes.CertVerifyFailed, verdict.ToString());
        }

        state.HostBasedChainComplete = true;
        state.HostBasedChainVerdict = verdict;
        return WsmanResult.Output(ChainCodes.Success, "chain complete: " + verdict);
    }

    /// <summary>
    /// AdminSetup(NetAdminPassEncryptionType = 2, NetworkAdminPassword, McNonce, SigningAlgorithm = 2,
    /// DigitalSignature = RSA PKCS#1 v1.5 SHA-256 over ConfigurationNonce‖McNonce with the leaf key).
    /// Every attempt renews the ConfigurationNonce.
    /// </summary>
    private static WsmanResult AdminSetup(WsmanCall call)
    {
        if (!call.Options.HostBasedSetupEnabled)
        {
            return WsmanResult.Output(SetupCodes.MethodDisabled, "host-based setup is disabled");
        }

        var state = call.State;
        var password = call.Text("NetworkAdminPassword");
        var mcNonce = call.Base64("McNonce");
        var signature = call.Base64("DigitalSignature");
        if (!call.TryUInt("NetAdminPassEncryptionType", out var type) || type != 2
            || !call.TryUInt("SigningAlgorithm", out var signing) || signing != 2
            || password is null || !Md5Hex().IsMatch(password)
            || mcNonce is not { Length: 20 } || signature is null)
        {
            return WsmanResult.Output(SetupCodes.InvalidParam, "expected NetAdminPassEncryptionType 2, a 32-hex NetworkAdminPassword, a 20-byte McNonce, SigningAlgorithm 2 and a DigitalSignature");
        }

        if (!state.HostBasedChainComplete || state.HostBasedChainVerdict is not { } verdict)
        {
            return WsmanResult.Output(SetupCodes.InvalidState, "no complete provisioning chain (AddNextCertInChain)");
        }

        var configurationNonce = state.ConfigurationNonce;
        state.RenewConfigurationNonce();
        if (!verdict.IsAccepted)
        {
            state.ResetHostBasedChain();
            return WsmanResult.Output(SetupCodes.AuthFailed, verdict.ToString());
        }

        using var leafKey = state.HostBasedChain[0].GetRSAPublicKey();
        var signed = new byte[configurationNonce.Length + mcNonce.Length];
        configurationNonce.CopyTo(signed, 0);
        mcNonce.CopyTo(signed, configurationNonce.Length);
        if (leafKey is null || !leafKey.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return WsmanResult.Output(SetupCodes.AuthFailed, "DigitalSignature does not verify with the leaf certificate's key over ConfigurationNonce||McNonce");
        }

        call.Device.AdminUser = "admin";
        call.Device.AdminDigestHa1 = password.ToLowerInvariant();
        state.ResetHostBasedChain();
        call.Device.Apply(LifecycleEvent.HostBasedSetupAdmin, "host-based AdminSetup (admin control mode)");
        return WsmanResult.Output(SetupCodes.Success);
    }

    [GeneratedRegex("^[0-9a-fA-F]{32}$")]
    private static partial Regex Md5Hex();
}
