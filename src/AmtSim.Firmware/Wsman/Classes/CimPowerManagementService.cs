using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>
/// CIM_PowerManagementService: RequestPowerStateChange(PowerState, ManagedElement) drives <see cref="HostPower"/>.
/// 0 done; 2 for a state the host cannot go to from where it is (e.g. power up while on) [I];
/// 5 Invalid Parameter for a value that is no power state or a ManagedElement other than the managed system.
/// </summary>
public sealed class CimPowerManagementService : WsmanClass
{
    public const string ServiceName = "Intel(r) AMT Power Management Service";

    public const uint UnavailableState = 2;

    public const uint InvalidParameter = 5;

    public static EndpointReference Reference { get; } = new(WsmanNamespaces.ResourceUriOf("CIM_PowerManagementService"),
    [
        new("CreationClassName", "CIM_PowerManagementService"),
        new("Name", ServiceName),
        new("SystemCreationClassName", "CIM_ComputerSystem"),
        new("SystemName", "Intel(r) AMT"),
    ]);

    public override string ClassName => "CIM_PowerManagementService";

    public override IReadOnlyCollection<string> Methods => ["RequestPowerStateChange"];

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) =>
    [
        Instance(
            WsmanProperty.Of("CreationClassName", ClassName),
            WsmanProperty.Of("ElementName", ServiceName),
            WsmanProperty.Of("EnabledState", 5),
            WsmanProperty.Of("Name", ServiceName),
            WsmanProperty.Of("RequestedState", 12),
            WsmanProperty.Of("SystemCreationClassName", "CIM_ComputerSystem"),
            WsmanProperty.Of("SystemName", "Intel(r) AMT")),
    ];

    public override WsmanResult Invoke(string method, WsmanCall call)
    {
        if (!call.TryUInt("PowerState", out var requested) || requested is < 2 or > 16)
        {
            return WsmanResult.Output(InvalidParameter, "PowerState " + (call.Text("PowerState") ?? "(missing)"));
        }

        if (call.Reference("ManagedElement") is { } element && element.Selector("Name") is { } name && name != CimComputerSystem.ManagedSystem)
        {
            return WsmanResult.Output(InvalidParameter, "ManagedElement " + name + " is not the managed system");
        }

        var power = call.State.Power;
        var before = power.State;
        return power.Request(requested)
            ? WsmanResult.Output(0, $"power {before} -> {power.State} (requested {requested})")
            : WsmanResult.Output(UnavailableState, $"power state {requested} is not available from {before}");
    }
}
