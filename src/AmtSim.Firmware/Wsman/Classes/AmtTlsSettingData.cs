using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>AMT_TLSSettingData: the 802.3 (remote) and LMS (local) TLS settings; Put by InstanceID stores and echoes what was written.</summary>
public sealed class AmtTlsSettingData : WsmanClass
{
    public const string Remote = "Intel(r) AMT 802.3 TLS Settings";
    public const string Local = "Intel(r) AMT LMS TLS Settings";

    public override string ClassName => "AMT_TLSSettingData";

    public override IReadOnlyCollection<WsmanOperation> Operations => [WsmanOperation.Put];

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) => [Instance(Current(call, Remote)), Instance(Current(call, Local))];

    public override WsmanResult Put(WsmanCall call)
    {
        var id = call.Request.Selector("InstanceID") ?? call.Input!.ChildText("InstanceID");
        if (id is not (Remote or Local))
        {
            return WsmanResult.Fault(WsmanFaultKind.InvalidSelectors, $"no TLS setting data '{id}'");
        }

        var merged = Merge(Current(call, id), call.Input!);
        call.State.TlsSettings[id] = merged;
        return new InstanceResult(Instance(merged));
    }

    private static List<WsmanProperty> Current(WsmanCall call, string id)
    {
        if (call.State.TlsSettings.TryGetValue(id, out var stored))
        {
            return stored;
        }

        List<WsmanProperty> defaults =
        [
            WsmanProperty.Of("AcceptNonSecureConnections", id == Local),
            WsmanProperty.Of("ElementName", id),
            WsmanProperty.Of("Enabled", false),
            WsmanProperty.Of("InstanceID", id),
            WsmanProperty.Of("MutualAuthentication", false),
        ];
        if (id == Remote)
        {
            defaults.Add(WsmanProperty.Of("NonSecureConnectionsSupported", true));
        }

        return defaults;
    }
}
