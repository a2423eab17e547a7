using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>
/// AMT_RemoteAccessPolicyRule: the CIRA policies in <see cref="CiraConfiguration.Policies"/>, one per
/// trigger ("User Initiated", "Alert", "Periodic"). Delete by PolicyRuleName; deleting a rule that does
/// not exist is a 400 fault (RPS's clean-up deletes all three and expects the 400).
/// </summary>
public sealed class AmtRemoteAccessPolicyRule : WsmanClass
{
    public override string ClassName => "AMT_RemoteAccessPolicyRule";

    public override IReadOnlyCollection<WsmanOperation> Operations => [WsmanOperation.Delete];

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call)
        => [.. call.State.Cira.Policies.Select(Render)];

    /// <summary>The instance of one policy, in the shape of a real AMT 16 (note its "Inte(r)" typo in ElementName).</summary>
    public WsmanInstance Render(RemoteAccessPolicy policy) => Instance(
        WsmanProperty.Of("CreationClassName", ClassName),
        WsmanProperty.Of("ElementName", "Inte(r) AMT:Remote Access Policy"),
        WsmanProperty.Of("ExtendedData", policy.ExtendedData),
        WsmanProperty.Of("PolicyRuleName", policy.PolicyRuleName),
        WsmanProperty.Of("SystemCreationClassName", "CIM_ComputerSystem"),
        WsmanProperty.Of("SystemName", "Intel(r) AMT"),
        WsmanProperty.Of("Trigger", policy.Trigger),
        WsmanProperty.Of("TunnelLifeTime", policy.TunnelLifeTime));

    public override WsmanResult Delete(WsmanCall call)
    {
        var name = call.Request.Selector("PolicyRuleName");
        var policies = call.State.Cira.Policies;
        var index = policies.FindIndex(p => p.PolicyRuleName == name);
        if (index < 0)
        {
            return WsmanResult.Fault(WsmanFaultKind.InvalidSelectors, name is null ? "the request names no PolicyRuleName" : $"no remote access policy '{name}'");
        }

        policies.RemoveAt(index);
        return new DeletedResult();
    }
}
