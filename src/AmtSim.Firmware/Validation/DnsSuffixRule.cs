namespace AmtSim.Firmware.Validation;

/// <summary>How a device matches the provisioning certificate's CN against its trusted DNS suffix (amt-reference.md §1.4).</summary>
public enum DnsSuffixRule
{
    /// <summary>Intel's rule: the CN's domain matches the suffix; AMT 2.6+ also matches on the last two labels for .com and .net.</summary>
    Intel,

    /// <summary>MeshCentral's generalisation: a per-TLD table of how many labels make the registrable domain.</summary>
    MeshCentralTld,
}
