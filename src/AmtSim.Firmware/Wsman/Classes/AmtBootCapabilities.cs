using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>AMT_BootCapabilities: what the platform's boot options support (go-wsman-messages amt/boot/capabilities/get.xml; no UEFI HTTPS boot, so MeshCentral offers no one-click recovery).</summary>
public sealed class AmtBootCapabilities : WsmanClass
{
    public override string ClassName => "AMT_BootCapabilities";

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) =>
    [
        Instance(
            WsmanProperty.Of("BIOSPause", false),
            WsmanProperty.Of("BIOSReflash", true),
            WsmanProperty.Of("BIOSSecureBoot", true),
            WsmanProperty.Of("BIOSSetup", true),
            WsmanProperty.Of("ConfigurationDataReset", false),
            WsmanProperty.Of("ElementName", "Intel(r) AMT: Boot Capabilities"),
            WsmanProperty.Of("ForceCDorDVDBoot", true),
            WsmanProperty.Of("ForceDiagnosticBoot", false),
            WsmanProperty.Of("ForceHardDriveBoot", true),
            WsmanProperty.Of("ForceHardDriveSafeModeBoot", false),
            WsmanProperty.Of("ForcePXEBoot", true),
            WsmanProperty.Of("ForcedProgressEvents", true),
            WsmanProperty.Of("IDER", true),
            WsmanProperty.Of("InstanceID", "Intel(r) AMT:BootCapabilities 0"),
            WsmanProperty.Of("KeyboardLock", true),
            WsmanProperty.Of("PowerButtonLock", false),
            WsmanProperty.Of("ResetButtonLock", false),
            WsmanProperty.Of("SOL", true),
            WsmanProperty.Of("SecureErase", false),
            WsmanProperty.Of("SleepButtonLock", false),
            WsmanProperty.Of("UserPasswordBypass", true),
            WsmanProperty.Of("VerbosityQuiet", false),
            WsmanProperty.Of("VerbosityScreenBlank", false),
            WsmanProperty.Of("VerbosityVerbose", false)),
    ];
}
