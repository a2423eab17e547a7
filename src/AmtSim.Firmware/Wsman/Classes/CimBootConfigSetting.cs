using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>
/// CIM_BootConfigSetting: ChangeBootOrder(Source) sets the next boot's source: none (clears it) or one of the
/// CIM_BootSourceSetting instances real AMT has (go-wsman-messages cim/boot/sourcesetting); another source is
/// 4 Invalid Reference (DMTF DSP1012).
/// </summary>
public sealed class CimBootConfigSetting : WsmanClass
{
    public const string InstanceId = "Intel(r) AMT: Boot Configuration 0";

    /// <summary>The boot sources real AMT offers.</summary>
    public static IReadOnlyList<string> Sources { get; } =
    [
        "Intel(r) AMT: Force Hard-drive Boot",
        "Intel(r) AMT: Force CD/DVD Boot",
        "Intel(r) AMT: Force PXE Boot",
        "Intel(r) AMT: Force OCR UEFI HTTPS Boot",
        "Intel(r) AMT: Force OCR UEFI Boot Option",
    ];

    public override string ClassName => "CIM_BootConfigSetting";

    public override IReadOnlyCollection<string> Methods => ["ChangeBootOrder"];

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) =>
    [
        Instance(
            WsmanProperty.Of("ElementName", "Intel(r) AMT: Boot Configuration"),
            WsmanProperty.Of("InstanceID", InstanceId)),
    ];

    public override WsmanResult Invoke(string method, WsmanCall call)
    {
        if (call.Input?.Child("Source") is null)
        {
            return WsmanResult.Output(0, "boot order cleared");
        }

        var source = call.Reference("Source")?.Selector("InstanceID");
        return source is not null && Sources.Contains(source)
            ? WsmanResult.Output(0, "next boot from " + source)
            : WsmanResult.Output(4, "Source " + (source ?? "(not a reference)"));
    }
}
