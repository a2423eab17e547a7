using System.Net;
using AmtSim.Firmware.Boot;

namespace AmtSim.Network.Embedded;

/// <summary>One forward zone: A records by FQDN.</summary>
public sealed class DnsZone(string name)
{
    private readonly Dictionary<string, List<IPAddress>> _records = new(StringComparer.OrdinalIgnoreCase);

    public string Name { get; } = name.Trim('.');

    public IReadOnlyDictionary<string, List<IPAddress>> Records => _records;

    /// <summary>Adds an A record; <paramref name="host"/> is a label in this zone or a full name ending in it.</summary>
    public void AddA(string host, IPAddress address)
    {
        var fqdn = Qualify(host);
        if (!_records.TryGetValue(fqdn, out var list))
        {
            _records[fqdn] = list = [];
        }

        if (!list.Contains(address))
        {
            list.Add(address);
        }
    }

    public bool Remove(string host) => _records.Remove(Qualify(host));

    /// <summary>The zone's ProvisionServer entry (seeds 001, 003): provisionserver.&lt;zone&gt;.</summary>
    public void AddProvisionServer(IPAddress address) => AddA(ProvisionServerLookup.ProvisionServerLabel, address);

    public bool HasProvisionServer => _records.ContainsKey(Qualify(ProvisionServerLookup.ProvisionServerLabel));

    public bool Contains(string fqdn) => fqdn.Equals(Name, StringComparison.OrdinalIgnoreCase) || fqdn.EndsWith("." + Name, StringComparison.OrdinalIgnoreCase);

    internal IReadOnlyList<IPAddress> Lookup(string fqdn) => _records.TryGetValue(fqdn, out var list) ? [.. list] : [];

    private string Qualify(string host)
    {
        var h = host.TrimEnd('.');
        return Contains(h) ? h : $"{h}.{Name}";
    }
}

/// <summary>
/// The embedded DNS server: forward zones, PTR records, and single-label names (the bare
/// ProvisionServer name some sites register, like a GlobalNames zone). No forwarding: a name
/// outside every zone does not exist. Thread-safe.
/// </summary>
public sealed class EmbeddedDns
{
    private readonly Lock _gate = new();
    private readonly List<DnsZone> _zones = [];
    private readonly Dictionary<IPAddress, PtrRecord> _pointers = [];
    private readonly Dictionary<string, IPAddress> _singleLabel = new(StringComparer.OrdinalIgnoreCase);

    private sealed record PtrRecord(string Name, bool Stale);

    public DnsZone AddZone(string name)
    {
        lock (_gate)
        {
            var existing = _zones.FirstOrDefault(z => z.Name.Equals(name.Trim('.'), StringComparison.OrdinalIgnoreCase));
            if (existing is not null)
            {
                return existing;
            }

            var zone = new DnsZone(name);
            _zones.Add(zone);
            return zone;
        }
    }

    public DnsZone? Zone(string name)
    {
        lock (_gate)
        {
            return _zones.FirstOrDefault(z => z.Name.Equals(name.Trim('.'), StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>The most specific zone holding <paramref name="fqdn"/>, if any.</summary>
    public DnsZone? ZoneOf(string fqdn)
    {
        lock (_gate)
        {
            return _zones.Where(z => z.Contains(fqdn.TrimEnd('.'))).MaxBy(z => z.Name.Length);
        }
    }

    /// <summary>Adds an A record in the zone holding <paramref name="fqdn"/>; false when no zone holds it (nothing registered).</summary>
    public bool Register(string fqdn, IPAddress address)
    {
        var zone = ZoneOf(fqdn);
        if (zone is null)
        {
            return false;
        }

        lock (_gate)
        {
            zone.AddA(fqdn, address);
        }

        return true;
    }

    /// <summary>Sets the PTR of <paramref name="address"/>, unless a stale one is pinned there.</summary>
    public void SetPtr(IPAddress address, string name)
    {
        lock (_gate)
        {
            if (_pointers.TryGetValue(address, out var existing) && existing.Stale)
            {
                return;
            }

            _pointers[address] = new PtrRecord(name.TrimEnd('.'), false);
        }
    }

    /// <summary>A PTR left by a previous holder of the address; dynamic registration does not replace it.</summary>
    public void SetStalePtr(IPAddress address, string name)
    {
        lock (_gate)
        {
            _pointers[address] = new PtrRecord(name.TrimEnd('.'), true);
        }
    }

    /// <summary>A single-label name, such as the bare ProvisionServer.</summary>
    public void AddSingleLabel(string label, IPAddress address)
    {
        if (label.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{label}' is not a single label", nameof(label));
        }

        lock (_gate)
        {
            _singleLabel[label] = address;
        }
    }

    public DnsAnswer Resolve(string name)
    {
        var n = name.TrimEnd('.');
        lock (_gate)
        {
            if (!n.Contains('.', StringComparison.Ordinal))
            {
                return DnsAnswer.Of(_singleLabel.TryGetValue(n, out var a) ? [a] : []);
            }

            var zone = _zones.Where(z => z.Contains(n)).MaxBy(z => z.Name.Length);
            return zone is null
                ? DnsAnswer.Failed(DnsOutcome.NotFound, $"no zone holds {n}")
                : DnsAnswer.Of(zone.Lookup(n));
        }
    }

    public DnsAnswer ResolvePtr(IPAddress address)
    {
        lock (_gate)
        {
            return DnsAnswer.OfNames(_pointers.TryGetValue(address, out var p) ? [p.Name] : []);
        }
    }
}
