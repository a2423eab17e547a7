using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>
/// AMT_UserInitiatedConnectionService: whether a user may start CIRA from BIOS or OS (EnabledState
/// 32768 disabled, 32769 BIOS, 32770 OS, 32771 both). RequestStateChange(RequestedState) sets it;
/// MeshCentral asks for 32771. The simulated device has no user, so this never starts a connection.
/// </summary>
public sealed class AmtUserInitiatedConnectionService : WsmanClass
{
    public const string ServiceName = "Intel(r) AMT User Initiated Connection Service";

    public override string ClassName => "AMT_UserInitiatedConnectionService";

    public override IReadOnlyCollection<string> Methods => ["RequestStateChange"];

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) =>
    [
        Instance(
            WsmanProperty.Of("CreationClassName", ClassName),
            WsmanProperty.Of("ElementName", ServiceName),
            WsmanProperty.Of("EnabledState", call.State.Cira.UserInitiatedState),
            WsmanProperty.Of("Name", ServiceName),
            WsmanProperty.Of("SystemCreationClassName", "CIM_ComputerSystem"),
            WsmanProperty.Of("SystemName", "Intel(r) AMT")),
    ];

    public override WsmanResult Invoke(string method, WsmanCall call)
    {
        if (method != "RequestStateChange")
        {
            return NotSupported(method);
        }

        if (!call.TryUInt("RequestedState", out var state) || state is < CiraConfiguration.UserInitiatedDisabled or > 32771)
        {
            return WsmanResult.Output(AmtSetupAndConfigurationService.InvalidParameter, $"RequestedState must be 32768..32771: '{call.Text("RequestedState")}'");
        }

        call.State.Cira.UserInitiatedState = (int)state;
        return WsmanResult.Output(0);
    }
}
