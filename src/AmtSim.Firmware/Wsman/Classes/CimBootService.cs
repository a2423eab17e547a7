using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>
/// CIM_BootService (go-wsman-messages cim/boot/service/*.xml): SetBootConfigRole(BootConfigSetting, Role) makes
/// "Intel(r) AMT: Boot Configuration 0" the next boot's configuration (Role 1) or not (Role 32768); 0 done,
/// 4 Invalid Reference for another setting, 5 Invalid Parameter for another role (DMTF DSP1012 codes).
/// </summary>
public sealed class CimBootService : WsmanClass
{
    public const string ServiceName = "Intel(r) AMT Boot Service";

    public override string ClassName => "CIM_BootService";

    public override IReadOnlyCollection<string> Methods => ["SetBootConfigRole"];

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) =>
    [
        Instance(
            WsmanProperty.Of("CreationClassName", ClassName),
            WsmanProperty.Of("ElementName", ServiceName),
            WsmanProperty.Of("EnabledState", 2),
            WsmanProperty.Of("Name", ServiceName),
            WsmanProperty.Of("OperationalStatus", 0),
            WsmanProperty.Of("RequestedState", 12),
            WsmanProperty.Of("SystemCreationClassName", "CIM_ComputerSystem"),
            WsmanProperty.Of("SystemName", "Intel(r) AMT")),
    ];

    public override WsmanResult Invoke(string method, WsmanCall call)
    {
        var setting = call.Reference("BootConfigSetting");
        if (setting?.Selector("InstanceID") != CimBootConfigSetting.InstanceId)
        {
            return WsmanResult.Output(4, "BootConfigSetting " + (setting?.Selector("InstanceID") ?? "(missing)"));
        }

        if (!call.TryUInt("Role", out var role) || role is not (1 or 32768))
        {
            return WsmanResult.Output(5, "Role " + (call.Text("Role") ?? "(missing)"));
        }

        return WsmanResult.Output(0);
    }
}
