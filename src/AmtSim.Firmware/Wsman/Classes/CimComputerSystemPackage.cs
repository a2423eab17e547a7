using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>CIM_ComputerSystemPackage: links the chassis to the managed system and carries PlatformGUID (the SMBIOS UUID bytes in hex).</summary>
public sealed class CimComputerSystemPackage : WsmanClass
{
    public override string ClassName => "CIM_ComputerSystemPackage";

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) => [Render(call)];

    /// <summary>The one instance (CIM_SystemPackaging enumerates it too).</summary>
    public static WsmanInstance Render(WsmanCall call) => new(WsmanNamespaces.ResourceUriOf("CIM_ComputerSystemPackage"),
    [
        WsmanProperty.Ref("Antecedent", new EndpointReference(WsmanNamespaces.ResourceUriOf("CIM_Chassis"), [new("CreationClassName", "CIM_Chassis"), new("Tag", "CIM_Chassis")])),
        WsmanProperty.Ref("Dependent", CimComputerSystem.ManagedSystemReference),
        WsmanProperty.Of("PlatformGUID", PlatformGuid(call.Device.Identity.Uuid)),
    ]);

    /// <summary>32 upper-case hex digits of the UUID in SMBIOS byte order (first three fields little-endian).</summary>
    public static string PlatformGuid(Guid uuid) => Convert.ToHexString(uuid.ToByteArray());
}
