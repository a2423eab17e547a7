using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>AMT_RemoteAccessCredentialContext: links an MPS to a client certificate for mutual authentication. The simulated device authenticates to MPSes by password only, so there are none.</summary>
public sealed class AmtRemoteAccessCredentialContext : WsmanClass
{
    public override string ClassName => "AMT_RemoteAccessCredentialContext";

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) => [];
}
