using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>AMT_BootSettingData: the next boot's options (go-wsman-messages amt/boot/settingdata/get.xml); Put stores and echoes what was written.</summary>
public sealed class AmtBootSettingData : WsmanClass
{
    public const string InstanceId = "Intel(r) AMT:BootSettingData 0";

    public override string ClassName => "AMT_BootSettingData";

    public override IReadOnlyCollection<WsmanOperation> Operations => [WsmanOperation.Put];

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) => [Instance(Current(call))];

    public override WsmanResult Put(WsmanCall call)
    {
        var id = call.Request.Selector("InstanceID") ?? call.Text("InstanceID");
        if (id is not null && id != InstanceId)
        {
            return WsmanResult.Fault(WsmanFaultKind.InvalidSelectors, $"no boot setting data '{id}'");
        }

        var merged = Merge(Current(call), call.Input!);
        call.State.BootSettings = merged;
        return new InstanceResult(Instance(merged));
    }

    private static List<WsmanProperty> Current(WsmanCall call) => call.State.BootSettings ??
    [
        WsmanProperty.Of("BIOSLastStatus", 2),
        WsmanProperty.Of("BIOSLastStatus", 0),
        WsmanProperty.Of("BIOSPause", false),
        WsmanProperty.Of("BIOSSetup", false),
        WsmanProperty.Of("BootMediaIndex", 0),
        WsmanProperty.Of("BootguardStatus", 127),
        WsmanProperty.Of("ConfigurationDataReset", false),
        WsmanProperty.Of("ElementName", "Intel(r) AMT Boot Configuration Settings"),
        WsmanProperty.Of("EnforceSecureBoot", false),
        WsmanProperty.Of("FirmwareVerbosity", 0),
        WsmanProperty.Of("ForcedProgressEvents", false),
        WsmanProperty.Of("IDERBootDevice", 0),
        WsmanProperty.Of("InstanceID", InstanceId),
        WsmanProperty.Of("LockKeyboard", false),
        WsmanProperty.Of("LockPowerButton", false),
        WsmanProperty.Of("LockResetButton", false),
        WsmanProperty.Of("LockSleepButton", false),
        WsmanProperty.Of("OptionsCleared", true),
        WsmanProperty.Of("OwningEntity", "Intel(r) AMT"),
        WsmanProperty.Of("PlatformErase", false),
        WsmanProperty.Of("RPEEnabled", false),
        WsmanProperty.Of("RSEPassword", ""),
        WsmanProperty.Of("ReflashBIOS", false),
        WsmanProperty.Of("SecureBootControlEnabled", false),
        WsmanProperty.Of("SecureErase", false),
        WsmanProperty.Of("UEFIHTTPSBootEnabled", false),
        WsmanProperty.Of("UEFILocalPBABootEnabled", false),
        WsmanProperty.Of("UefiBootNumberOfParams", 0),
        WsmanProperty.Of("UseIDER", false),
        WsmanProperty.Of("UseSOL", false),
        WsmanProperty.Of("UseSafeMode", false),
        WsmanProperty.Of("UserPasswordBypass", false),
        WsmanProperty.Of("WinREBootEnabled", false),
    ];
}
