using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>AMT_TimeSynchronizationService: GetLowAccuracyTimeSynch reads the device clock; SetHighAccuracyTimeSynch sets it (clock offset).</summary>
public sealed class AmtTimeSynchronizationService : WsmanClass
{
    public const string ServiceName = "Intel(r) AMT Time Synchronization Service";

    public override string ClassName => "AMT_TimeSynchronizationService";

    public override IReadOnlyCollection<string> Methods => ["GetLowAccuracyTimeSynch", "SetHighAccuracyTimeSynch"];

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) =>
    [
        Instance(
            WsmanProperty.Of("CreationClassName", ClassName),
            WsmanProperty.Of("ElementName", ServiceName),
            WsmanProperty.Of("EnabledState", 5),
            WsmanProperty.Of("LocalTimeSyncEnabled", 0),
            WsmanProperty.Of("Name", ServiceName),
            WsmanProperty.Of("RequestedState", 12),
            WsmanProperty.Of("SystemCreationClassName", "CIM_ComputerSystem"),
            WsmanProperty.Of("SystemName", "Intel(r) AMT"),
            WsmanProperty.Of("TimeSource", 1)),
    ];

    public override WsmanResult Invoke(string method, WsmanCall call) => method switch
    {
        "GetLowAccuracyTimeSynch" => WsmanResult.Output(0, WsmanProperty.Of("Ta0", call.Device.Clock.Now.ToUnixTimeSeconds())),
        "SetHighAccuracyTimeSynch" => SetHighAccuracy(call),
        _ => NotSupported(method),
    };

    /// <summary>Ta0 is the device time the server read, Tm1/Tm2 the server's times (Unix seconds); the device takes Tm2 as "now".</summary>
    private static WsmanResult SetHighAccuracy(WsmanCall call)
    {
        if (!call.TryUInt("Ta0", out _) || !call.TryUInt("Tm1", out _) || !call.TryUInt("Tm2", out var tm2))
        {
            return WsmanResult.Output(AmtSetupAndConfigurationService.InvalidParameter, "Ta0, Tm1 and Tm2 must be Unix times");
        }

        var clock = call.Device.Clock;
        clock.Offset = DateTimeOffset.FromUnixTimeSeconds(tm2) - clock.Time.GetUtcNow();
        return WsmanResult.Output(0);
    }
}
