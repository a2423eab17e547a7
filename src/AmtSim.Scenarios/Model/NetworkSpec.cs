namespace AmtSim.Scenarios.Model;

/// <summary>One DHCP scope and the devices on it.</summary>
public sealed record ScopeSpec
{
    public required string Name { get; init; }

    /// <summary>DHCP option 15 (domain name); null = the scope hands out none.</summary>
    public string? Option15 { get; init; }

    /// <summary>MEBx PKI DNS suffix configured on the scope's devices (overrides option 15).</summary>
    public string? PkiDnsSuffix { get; init; }

    /// <summary>Whether DHCP registers the devices' FQDNs in DNS (option 81). Default true.</summary>
    public bool Option81 { get; init; } = true;

    /// <summary>Devices on this scope.</summary>
    public int Devices { get; init; } = 1;

    /// <summary>Firmware mix of this scope's devices: version → weight. Empty = the scenario's default.</summary>
    public IReadOnlyDictionary<string, int> Firmware { get; init; } = new Dictionary<string, int>();
}

/// <summary>A DNS zone and its records.</summary>
public sealed record ZoneSpec
{
    public required string Name { get; init; }

    /// <summary>Whether the zone has a ProvisionServer record pointing at the server. Default true.</summary>
    public bool ProvisionServer { get; init; } = true;

    /// <summary>PTR records of this zone point at stale names.</summary>
    public bool StalePtr { get; init; }
}

public sealed record NetworkSpec
{
    public IReadOnlyList<ScopeSpec> Scopes { get; init; } = [new ScopeSpec { Name = "default", Option15 = "contoso.com" }];

    /// <summary>Zones; default: one zone per distinct option 15 / PKI suffix, each with a ProvisionServer record.</summary>
    public IReadOnlyList<ZoneSpec> Zones { get; init; } = [];
}
