using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>
/// AMT_RemoteAccessPolicyAppliesToMPS: one association per (policy, MPS) it names. MeshCentral reads
/// ManagedElement's Name selector (the MPS), PolicySet's PolicyRuleName selector (its first word is
/// the trigger) and MpsType (0 external, 1 internal, 2 both; AMT 11.6+).
/// </summary>
public sealed class AmtRemoteAccessPolicyAppliesToMps : WsmanClass
{
    public override string ClassName => "AMT_RemoteAccessPolicyAppliesToMPS";

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call)
    {
        var cira = call.State.Cira;
        var list = new List<WsmanInstance>();
        foreach (var policy in cira.Policies)
        {
            var order = 0;
            foreach (var name in policy.MpServerNames)
            {
                var server = cira.MpServers.FirstOrDefault(s => s.Name == name);
                if (server is null)
                {
                    continue;
                }

                list.Add(Instance(
                    WsmanProperty.Of("CreationClassName", ClassName),
                    WsmanProperty.Ref("ManagedElement", server.Reference),
                    WsmanProperty.Of("MpsType", 0),
                    WsmanProperty.Of("OrderOfAccess", order++),
                    WsmanProperty.Ref("PolicySet", AmtRemoteAccessPolicyRule.ReferenceTo(policy))));
            }
        }

        return list;
    }
}
