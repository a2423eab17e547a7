using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>
/// CIM_ComputerSystem: the managed host ("ManagedSystem") and the management engine ("Intel(r) AMT").
/// The host's EnabledState follows the simulated power (2 on, 3 off); property set after the CIM schema,
/// values [I] (no public capture).
/// </summary>
public sealed class CimComputerSystem : WsmanClass
{
    public const string ManagedSystem = "ManagedSystem";

    public static EndpointReference ManagedSystemReference { get; } =
        new(WsmanNamespaces.ResourceUriOf("CIM_ComputerSystem"), [new("CreationClassName", "CIM_ComputerSystem"), new("Name", ManagedSystem)]);

    public override string ClassName => "CIM_ComputerSystem";

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) =>
    [
        Instance(
            WsmanProperty.Of("CreationClassName", ClassName),
            WsmanProperty.Of("Dedicated", 32),
            WsmanProperty.Of("ElementName", "Managed System"),
            WsmanProperty.Of("EnabledState", call.State.Power.State == HostPower.On ? 2 : 3),
            WsmanProperty.Of("HealthState", 5),
            WsmanProperty.Of("Name", ManagedSystem),
            WsmanProperty.Of("NameFormat", "Other"),
            WsmanProperty.Of("OperationalStatus", 0),
            WsmanProperty.Of("RequestedState", 12)),
        Instance(
            WsmanProperty.Of("CreationClassName", ClassName),
            WsmanProperty.Of("Dedicated", 14),
            WsmanProperty.Of("ElementName", "Intel(r) AMT Subsystem"),
            WsmanProperty.Of("EnabledState", 2),
            WsmanProperty.Of("HealthState", 5),
            WsmanProperty.Of("Name", "Intel(r) AMT"),
            WsmanProperty.Of("NameFormat", "Other"),
            WsmanProperty.Of("OperationalStatus", 0),
            WsmanProperty.Of("RequestedState", 12)),
    ];
}
