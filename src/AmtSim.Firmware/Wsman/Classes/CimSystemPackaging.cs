using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>CIM_SystemPackaging: the association enumerated as its subclass CIM_ComputerSystemPackage, as real AMT does (MeshCentral's inventory enumerates it).</summary>
public sealed class CimSystemPackaging : WsmanClass
{
    public override string ClassName => "CIM_SystemPackaging";

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) => [CimComputerSystemPackage.Render(call)];
}
