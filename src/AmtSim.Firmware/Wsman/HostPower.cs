namespace AmtSim.Firmware.Wsman;

/// <summary>
/// The host's simulated power state as AMT sees it (CIM PowerState values): 2 On, 4 Sleep-Deep (S3),
/// 7 Hibernate (S4), 8 Off-Soft (S5). CIM_PowerManagementService.RequestPowerStateChange drives it.
/// </summary>
public sealed class HostPower
{
    public const uint On = 2;
    public const uint SleepDeep = 4;
    public const uint PowerCycleOffSoft = 5;
    public const uint Hibernate = 7;
    public const uint OffSoft = 8;
    public const uint MasterBusReset = 10;
    public const uint DiagnosticInterrupt = 11;
    public const uint OffSoftGraceful = 12;
    public const uint MasterBusResetGraceful = 14;

    /// <summary>What a running host may be asked for, in the order real AMT lists them (go-wsman-messages cim/associatedpower).</summary>
    public static IReadOnlyList<uint> WhenOn { get; } = [MasterBusReset, OffSoft, PowerCycleOffSoft, DiagnosticInterrupt, SleepDeep, Hibernate, MasterBusResetGraceful, OffSoftGraceful];

    /// <summary>A host that is off, asleep or hibernating can only be powered on. [I]</summary>
    public static IReadOnlyList<uint> WhenNotOn { get; } = [On];

    public uint State { get; private set; } = On;

    /// <summary>Completed power actions, in order (a reset or a power cycle leaves the state On).</summary>
    public List<uint> Actions { get; } = [];

    public IReadOnlyList<uint> Available => State == On ? WhenOn : WhenNotOn;

    /// <summary>Applies a requested power state; false when it is not available in the current state.</summary>
    public bool Request(uint requested)
    {
        if (!Available.Contains(requested))
        {
            return false;
        }

        State = requested switch
        {
            OffSoft or OffSoftGraceful => OffSoft,
            SleepDeep => SleepDeep,
            Hibernate => Hibernate,
            _ => On,
        };
        Actions.Add(requested);
        return true;
    }
}
