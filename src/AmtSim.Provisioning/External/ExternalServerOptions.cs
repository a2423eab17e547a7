using System.Net;

namespace AmtSim.Provisioning.External;

/// <summary>One device as the external server is told about it; <paramref name="TlsPort"/> is 16993 unless a test moved the listener.</summary>
public sealed record ExternalDevice(Guid Uuid, IPAddress Address, string? Fqdn, string Firmware, int TlsPort = 16993);

/// <summary>How to run a third-party provisioning server as a plain process.</summary>
public sealed record ExternalServerOptions
{
    /// <summary>Program and arguments. Arguments may use {HelloPort}, {Address}, {DevicesFile}, {WorkDir}, {Pfx}, {PfxPassword}.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>The server's own address (devices greet it there) and hello port.</summary>
    public required IPAddress Address { get; init; }

    public int HelloPort { get; init; } = 9971;

    /// <summary>The devices of the run, written as JSON to a file whose path is in AMTSIM_DEVICES_FILE.</summary>
    public IReadOnlyList<ExternalDevice> Devices { get; init; } = [];

    /// <summary>The provisioning PFX and its password, handed over in AMTSIM_PROVISIONING_PFX / AMTSIM_PROVISIONING_PFX_PASSWORD.</summary>
    public string? ProvisioningPfx { get; init; }

    public string? ProvisioningPfxPassword { get; init; }

    /// <summary>Working folder (created); the devices file goes there. Default: a new temp folder.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Extra environment variables.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Name used in reports.</summary>
    public string Name { get; init; } = "external";

    /// <summary>How long a stop waits after SIGTERM before killing.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// When set, <see cref="ExternalProcessServer.StartAsync"/> returns only once an output line matches this
    /// regular expression (the server listens), so devices do not greet a server that is still setting up.
    /// </summary>
    public string? ReadyPattern { get; init; }

    /// <summary>How long (real time) the start waits for <see cref="ReadyPattern"/>.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromMinutes(3);
}
