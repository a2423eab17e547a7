namespace AmtSim.Firmware.Device;

/// <summary>AMT_SetupAndConfigurationService.ProvisioningState values (amt-reference.md §4).</summary>
public enum ProvisioningState
{
    Pre = 0,
    In = 1,
    Post = 2,
}

/// <summary>CurrentControlMode values: 0 none, 1 client, 2 admin (amt-reference.md §4).</summary>
public enum ControlMode
{
    None = 0,
    Client = 1,
    Admin = 2,
}
