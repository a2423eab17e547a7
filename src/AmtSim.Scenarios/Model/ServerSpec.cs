namespace AmtSim.Scenarios.Model;

public enum ServerKind
{
    /// <summary>The built-in SCCM 2007 out-of-band service point.</summary>
    Builtin,

    /// <summary>Any program, through the external-process adapter.</summary>
    External,

    /// <summary>MeshCentral's AMT hello server, through the external-process adapter.</summary>
    MeshCentral,
}

public sealed record ServerSpec
{
    public ServerKind Kind { get; init; } = ServerKind.Builtin;

    /// <summary>The service point's FQDN (its provisioning certificate's CN is checked against devices).</summary>
    public string Fqdn { get; init; } = "oobsp.contoso.com";

    /// <summary>For external servers: the command line (program and arguments).</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>amtopmgr.log format: cmtrace, sccm2007 or viewer.</summary>
    public string LogFormat { get; init; } = "sccm2007";

    public int HelloPort { get; init; } = 9971;

    /// <summary>External servers: how long (real time) the world waits for the program to exit after the virtual run ends.</summary>
    public TimeSpan ExternalTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
