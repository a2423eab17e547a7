namespace AmtSim.Firmware.Wsman;

/// <summary>
/// The redirection and user-consent settings (AMT_RedirectionService, CIM_KVMRedirectionSAP,
/// IPS_OptInService). Values as CIM and AMT define them; factory values from a real AMT 16 capture
/// (go-wsman-messages' recorded responses, docs/wsman.md).
/// </summary>
public sealed class RedirectionState
{
    /// <summary>AMT_RedirectionService.EnabledState: 32768 none, 32769 IDER, 32770 SOL, 32771 IDER and SOL.</summary>
    public const uint IderAndSol = 32771;

    /// <summary>CIM_KVMRedirectionSAP.EnabledState 2 Enabled.</summary>
    public const uint KvmEnabled = 2;

    /// <summary>CIM_KVMRedirectionSAP.EnabledState 3 Disabled.</summary>
    public const uint KvmDisabled = 3;

    /// <summary>CIM_KVMRedirectionSAP.EnabledState 6 Enabled but Offline (enabled, no session).</summary>
    public const uint KvmEnabledButOffline = 6;

    /// <summary>IPS_OptInService.OptInRequired 0: no consent; 1: for KVM; 4294967295: for every redirection.</summary>
    public const uint OptInNone = 0;

    public const uint OptInKvm = 1;

    public const uint OptInAll = 4294967295;

    public uint RedirectionEnabledState { get; set; } = IderAndSol;

    public bool ListenerEnabled { get; set; } = true;

    /// <summary>The KVM state requested (2 or 3); the SAP reports 6 for an enabled KVM without a session.</summary>
    public uint KvmRequestedState { get; set; } = KvmEnabled;

    public uint OptInRequired { get; set; } = OptInKvm;

    public uint OptInCodeTimeout { get; set; } = 120;

    public uint OptInDisplayTimeout { get; set; } = 300;

    public void Reset()
    {
        RedirectionEnabledState = IderAndSol;
        ListenerEnabled = true;
        KvmRequestedState = KvmEnabled;
        OptInRequired = OptInKvm;
        OptInCodeTimeout = 120;
        OptInDisplayTimeout = 300;
    }
}
