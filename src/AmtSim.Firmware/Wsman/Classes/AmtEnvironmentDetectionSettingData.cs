using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>
/// AMT_EnvironmentDetectionSettingData: the intranet domain suffixes (<see cref="CiraConfiguration.EnvironmentDetection"/>).
/// A factory device has no DetectionStrings element at all; Put replaces the strings (none written: cleared).
/// </summary>
public sealed class AmtEnvironmentDetectionSettingData : WsmanClass
{
    public const string InstanceId = "Intel(r) AMT Environment Detection Settings";

    /// <summary>Real AMT accepts at most five detection strings.</summary>
    public const int MaxDetectionStrings = 5;

    public override string ClassName => "AMT_EnvironmentDetectionSettingData";

    public override IReadOnlyCollection<WsmanOperation> Operations => [WsmanOperation.Put];

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) => [Render(call.State.Cira.EnvironmentDetection)];

    private WsmanInstance Render(EnvironmentDetection detection)
    {
        var properties = new List<WsmanProperty> { WsmanProperty.Of("DetectionAlgorithm", detection.DetectionAlgorithm) };
        properties.AddRange(detection.DetectionStrings.Select(s => WsmanProperty.Of("DetectionStrings", s)));
        properties.Add(WsmanProperty.Of("ElementName", InstanceId));
        properties.Add(WsmanProperty.Of("InstanceID", InstanceId));
        return Instance(properties);
    }

    public override WsmanResult Put(WsmanCall call)
    {
        var id = call.Request.Selector("InstanceID") ?? call.Text("InstanceID");
        if (id is not null && id != InstanceId)
        {
            return WsmanResult.Fault(WsmanFaultKind.InvalidSelectors, $"no environment detection settings '{id}'");
        }

        uint algorithm = 0;
        if (call.Text("DetectionAlgorithm") is { } text && (!call.TryUInt("DetectionAlgorithm", out algorithm) || algorithm > 1))
        {
            return WsmanResult.Fault(WsmanFaultKind.InvalidParameter, "DetectionAlgorithm must be 0 (local domains) or 1 (remote URLs): " + text);
        }

        var strings = call.Input!.ChildrenNamed("DetectionStrings").Select(e => e.Text.Trim()).Where(s => s.Length > 0).ToList();
        if (strings.Count > MaxDetectionStrings)
        {
            return WsmanResult.Fault(WsmanFaultKind.InvalidParameter, $"{strings.Count} detection strings; at most {MaxDetectionStrings}");
        }

        call.State.Cira.EnvironmentDetection = new EnvironmentDetection((int)algorithm, strings);
        return new InstanceResult(Render(call.State.Cira.EnvironmentDetection));
    }
}
