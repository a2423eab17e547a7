namespace AmtSim.Firmware.Device;

/// <summary>What moves a device between provisioning states (amt-reference.md §4); the only way its state changes.</summary>
public enum LifecycleEvent
{
    /// <summary>A TLS setup session with an accepted provisioning certificate (PKI provisioning starts).</summary>
    SetupSessionAccepted,

    /// <summary><c>AMT_SetupAndConfigurationService.CommitChanges</c> at the end of a PKI setup session.</summary>
    Committed,

    /// <summary><c>IPS_HostBasedSetupService.Setup</c>: client control mode.</summary>
    HostBasedSetupClient,

    /// <summary><c>IPS_HostBasedSetupService.AdminSetup</c>: admin control mode.</summary>
    HostBasedSetupAdmin,

    /// <summary><c>AMT_SetupAndConfigurationService.Unprovision</c>: back to factory state.</summary>
    Unprovisioned,
}

/// <summary>One legal transition: in <see cref="From"/>, <see cref="Event"/> leads to <see cref="To"/> in <see cref="Mode"/>.</summary>
public sealed record LifecycleTransition(ProvisioningState From, LifecycleEvent Event, ProvisioningState To, ControlMode Mode);

/// <summary>
/// The device's lifecycle as one table, beside <see cref="Wsman.StateRules"/> (which call is allowed
/// in which state). Every transition not listed is illegal: <see cref="AmtDevice.Apply"/> refuses it,
/// leaves the state as it was and records the refusal in the audit trail.
/// </summary>
public static class Lifecycle
{
    public static IReadOnlyList<LifecycleTransition> Table { get; } =
    [
        new(ProvisioningState.Pre, LifecycleEvent.SetupSessionAccepted, ProvisioningState.In, ControlMode.None),
        new(ProvisioningState.In, LifecycleEvent.Committed, ProvisioningState.Post, ControlMode.Admin),
        new(ProvisioningState.Pre, LifecycleEvent.HostBasedSetupClient, ProvisioningState.Post, ControlMode.Client),
        new(ProvisioningState.Pre, LifecycleEvent.HostBasedSetupAdmin, ProvisioningState.Post, ControlMode.Admin),
        new(ProvisioningState.Post, LifecycleEvent.Unprovisioned, ProvisioningState.Pre, ControlMode.None),
    ];

    /// <summary>The transition <paramref name="lifecycleEvent"/> makes from <paramref name="from"/>, or null when it is illegal there.</summary>
    public static LifecycleTransition? Find(ProvisioningState from, LifecycleEvent lifecycleEvent)
    {
        foreach (var transition in Table)
        {
            if (transition.From == from && transition.Event == lifecycleEvent)
            {
                return transition;
            }
        }

        return null;
    }
}
