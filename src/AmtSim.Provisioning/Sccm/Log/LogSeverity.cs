namespace AmtSim.Provisioning.Sccm.Log;

/// <summary>CMTrace line types: 1 information, 2 warning, 3 error.</summary>
public enum LogSeverity
{
    Information = 1,
    Warning = 2,
    Error = 3,
}
