namespace AmtSim.Scenarios.Model;

public enum ServerKind
{
    /// <summary>The built-in SCCM 2007 out-of-band service point.</summary>
    Builtin,

    /// <summary>Any program, through the external-process adapter.</summary>
    External,

    /// <summary>MeshCentral's AMT hello server, through the external-process adapter.</summary>
    MeshCentral,

    /// <summary>Open AMT RPS (Device Management Toolkit), run by the user: each device's rpc-compatible agent talks to it.</summary>
    Rps,
}

/// <summary>RPS's activation mode for the profile the world creates.</summary>
public enum RpsActivation
{
    /// <summary>Client control mode (RPS "ccmactivate").</summary>
    Ccm,

    /// <summary>Admin control mode (RPS "acmactivate"), with the domain's provisioning certificate.</summary>
    Acm,
}

/// <summary>`server.kind: rps`: where RPS is and what the world creates there.</summary>
public sealed record RpsSpec
{
    /// <summary>The default AMT password of the profile (RPS's rules: 8-32 characters, upper, lower, digit, symbol).</summary>
    public const string DefaultAmtPassword = "P@ssw0rd!1";

    public const string DefaultMebxPassword = "P@ssw0rd!2";

    /// <summary>RPS's websocket (rpc's -u), e.g. ws://127.0.0.1:8080/activate; null: AMTSIM_RPS_URL.</summary>
    public string? Url { get; init; }

    /// <summary>RPS's REST API base, e.g. http://127.0.0.1:8081; null: AMTSIM_RPS_API.</summary>
    public string? Api { get; init; }

    public RpsActivation Activation { get; init; } = RpsActivation.Ccm;

    public string AmtPassword { get; init; } = DefaultAmtPassword;

    public string MebxPassword { get; init; } = DefaultMebxPassword;

    /// <summary>The suffix of the RPS domain the world creates; null: the first scope's option 15.</summary>
    public string? DomainSuffix { get; init; }

    /// <summary>The agents' -d override (the suffix they report in place of the device's own); null: none.</summary>
    public string? DnsSuffix { get; init; }
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

    /// <summary>`kind: rps`: RPS's address and the profile and domain to create.</summary>
    public RpsSpec Rps { get; init; } = new();

    /// <summary>External servers: how long (real time) the world waits for the program to exit after the virtual run ends.</summary>
    public TimeSpan ExternalTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
