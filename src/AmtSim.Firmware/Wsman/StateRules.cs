using AmtSim.Firmware.Device;

namespace AmtSim.Firmware.Wsman;

/// <summary>Provisioning states a call is allowed in.</summary>
[Flags]
public enum AllowedStates
{
    Pre = 1,
    In = 2,
    Post = 4,
    InOrPost = In | Post,
    Any = Pre | In | Post,
}

/// <summary>
/// One row: what <paramref name="Class"/>'s <paramref name="Call"/> (an operation name or a method)
/// may do, and the real error outside those states: a method's ReturnValue
/// (<paramref name="DeniedReturnValue"/>), or a wsman:AccessDenied fault when null.
/// </summary>
public sealed record StateRule(string Class, string Call, AllowedStates Allowed, uint? DeniedReturnValue)
{
    public bool Allows(ProvisioningState state) => Allowed.HasFlag(state switch
    {
        ProvisioningState.Pre => AllowedStates.Pre,
        ProvisioningState.In => AllowedStates.In,
        _ => AllowedStates.Post,
    });
}

/// <summary>
/// What each call may do in each provisioning state — the one table (amt-reference.md §1.5, §4).
/// Pre: factory state (host-based activation happens here). In: PKI setup session (a TLS client
/// chain was accepted on 16993). Post: provisioned. A call without a row is refused.
/// </summary>
public static class StateRules
{
    /// <summary>PT_STATUS_NOT_PERMITTED, the AMT_* methods' answer outside their state.</summary>
    public const uint NotPermitted = 16;

    /// <summary>AdminSetup/Setup: 2 InvalidState.</summary>
    public const uint SetupInvalidState = 2;

    /// <summary>AddNextCertInChain: 3 InvalidState.</summary>
    public const uint ChainInvalidState = 3;

    /// <summary>The table. "*" rows apply to every class without a row of its own.</summary>
    public static IReadOnlyList<StateRule> Table { get; } =
    [
        new("*", "Get", AllowedStates.Any, null),
        new("*", "Enumerate", AllowedStates.Any, null),

        new("AMT_GeneralSettings", "Put", AllowedStates.InOrPost, null),

        new("AMT_SetupAndConfigurationService", "SetMEBxPassword", AllowedStates.InOrPost, NotPermitted),
        // In: ends the PKI setup session. Post: applies pending settings (RPS commits its TLS settings after activation).
        new("AMT_SetupAndConfigurationService", "CommitChanges", AllowedStates.InOrPost, NotPermitted),
        new("AMT_SetupAndConfigurationService", "Unprovision", AllowedStates.Post, NotPermitted),
        new("AMT_SetupAndConfigurationService", "GetUuid", AllowedStates.Any, NotPermitted),

        new("AMT_AuthorizationService", "SetAdminAclEntryEx", AllowedStates.InOrPost, NotPermitted),

        new("AMT_TimeSynchronizationService", "GetLowAccuracyTimeSynch", AllowedStates.Any, NotPermitted),
        new("AMT_TimeSynchronizationService", "SetHighAccuracyTimeSynch", AllowedStates.InOrPost, NotPermitted),

        new("AMT_PublicKeyManagementService", "GenerateKeyPair", AllowedStates.InOrPost, NotPermitted),
        new("AMT_PublicKeyManagementService", "GeneratePKCS10RequestEx", AllowedStates.InOrPost, NotPermitted),
        new("AMT_PublicKeyManagementService", "AddCertificate", AllowedStates.InOrPost, NotPermitted),
        new("AMT_PublicKeyManagementService", "AddTrustedRootCertificate", AllowedStates.InOrPost, NotPermitted),

        new("AMT_PublicKeyCertificate", "Delete", AllowedStates.InOrPost, null),
        new("AMT_PublicPrivateKeyPair", "Delete", AllowedStates.InOrPost, null),

        new("AMT_TLSSettingData", "Put", AllowedStates.InOrPost, null),
        new("AMT_TLSCredentialContext", "Create", AllowedStates.InOrPost, null),
        new("AMT_TLSCredentialContext", "Delete", AllowedStates.InOrPost, null),

        new("AMT_EthernetPortSettings", "Put", AllowedStates.InOrPost, null),

        new("IPS_IEEE8021xSettings", "Put", AllowedStates.InOrPost, null),
        new("CIM_WiFiEndpointSettings", "Delete", AllowedStates.InOrPost, null),
        new("IPS_HTTPProxyAccessPoint", "Delete", AllowedStates.InOrPost, null),

        new("AMT_RemoteAccessPolicyRule", "Delete", AllowedStates.InOrPost, null),
        new("AMT_ManagementPresenceRemoteSAP", "Delete", AllowedStates.InOrPost, null),
        new("AMT_EnvironmentDetectionSettingData", "Put", AllowedStates.InOrPost, null),

        new("AMT_RedirectionService", "Put", AllowedStates.InOrPost, null),
        new("AMT_RedirectionService", "RequestStateChange", AllowedStates.InOrPost, null),
        new("CIM_KVMRedirectionSAP", "RequestStateChange", AllowedStates.InOrPost, null),
        new("IPS_OptInService", "Put", AllowedStates.InOrPost, null),

        new("IPS_OptInService", "StartOptIn", AllowedStates.Post, null),
        new("IPS_OptInService", "SendOptInCode", AllowedStates.Post, null),
        new("IPS_OptInService", "CancelOptIn", AllowedStates.Post, null),

        new("CIM_PowerManagementService", "RequestPowerStateChange", AllowedStates.Post, null),
        new("AMT_BootSettingData", "Put", AllowedStates.Post, null),
        new("CIM_BootService", "SetBootConfigRole", AllowedStates.Post, null),
        new("CIM_BootConfigSetting", "ChangeBootOrder", AllowedStates.Post, null),
        new("AMT_AuditLog", "ReadRecords", AllowedStates.Post, null),

        new("IPS_HostBasedSetupService", "Setup", AllowedStates.Pre, SetupInvalidState),
        new("IPS_HostBasedSetupService", "AdminSetup", AllowedStates.Pre, SetupInvalidState),
        new("IPS_HostBasedSetupService", "AddNextCertInChain", AllowedStates.Pre, ChainInvalidState),
    ];

    /// <summary>The row for a class's call (its own, else the "*" row), or null when the call has none.</summary>
    public static StateRule? Find(string className, string call)
    {
        StateRule? wildcard = null;
        foreach (var rule in Table)
        {
            if (rule.Call != call)
            {
                continue;
            }

            if (rule.Class == className)
            {
                return rule;
            }

            if (rule.Class == "*")
            {
                wildcard = rule;
            }
        }

        return wildcard;
    }
}
