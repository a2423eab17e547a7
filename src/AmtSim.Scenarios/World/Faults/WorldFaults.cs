using System.Collections.Concurrent;
using System.Net;
using AmtSim.Firmware.Device;
using AmtSim.Network.Faults;
using AmtSim.Provisioning.Faults;
using AmtSim.Provisioning.Sccm.Steps;
using AmtSim.Runtime.Determinism;
using AmtSim.Runtime.Faults;
using AmtSim.Scenarios.Model;

namespace AmtSim.Scenarios.World.Faults;

/// <summary>A fault that was applied: to which device, at which step, what.</summary>
public sealed record AppliedFault(int Index, string Step, FaultKind Kind, FaultSide Side);

/// <summary>
/// A scenario's <c>faults:</c> section bound to its fleet: which device gets which fault at which
/// step (listed indexes, or devices picked from the run seed), how many times each. It answers the
/// service point (<see cref="IStepFaults"/>, by device UUID, and by address for hellos) and each
/// device's network stack (<see cref="ForDevice"/>), and records what it applied.
/// </summary>
public sealed class WorldFaults : IStepFaults
{
    private readonly Dictionary<(int Index, string Step), Planned> _plan = [];
    private readonly Dictionary<Guid, int> _byUuid = [];
    private readonly IReadOnlyList<AmtDevice> _devices;
    private readonly ConcurrentQueue<AppliedFault> _applied = new();
    private readonly Lock _gate = new();

    public WorldFaults(IReadOnlyList<FaultSpec> specs, long seed, IReadOnlyList<AmtDevice> devices)
    {
        _devices = devices;
        for (var i = 0; i < devices.Count; i++)
        {
            _byUuid[devices[i].Identity.Uuid] = i;
        }

        var picked = new HashSet<int>();
        for (var n = 0; n < specs.Count; n++)
        {
            var spec = specs[n];
            foreach (var index in Targets(spec, n, seed, devices.Count, picked))
            {
                picked.Add(index);
                _plan.TryAdd((index, spec.Step), new Planned(spec.Kind, spec.Side, spec.Times));
            }
        }
    }

    /// <summary>Every fault applied so far, in the order applied.</summary>
    public IReadOnlyList<AppliedFault> Applied => [.. _applied];

    /// <summary>The fleet indexes the plan faults (whatever the step).</summary>
    public IReadOnlySet<int> FaultedDevices => _plan.Keys.Select(k => k.Index).ToHashSet();

    /// <summary>
    /// The devices a spec names: its indexes, or <see cref="FaultSpec.Count"/> picked by a seeded
    /// shuffle (the n-th spec's own seed) among the devices no earlier spec picked, so each picked
    /// fault has devices of its own (listed indexes may share).
    /// </summary>
    public static IReadOnlyList<int> Targets(FaultSpec spec, int n, long seed, int fleet, IReadOnlySet<int>? taken = null)
    {
        if (spec.Indexes.Count > 0)
        {
            return [.. spec.Indexes.Where(i => i >= 0 && i < fleet).Distinct()];
        }

        var order = Enumerable.Range(0, fleet).ToArray();
        new Random(SeedDerivation.Derive(seed, n, "world/faults")).Shuffle(order);
        return [.. order.Where(i => taken?.Contains(i) != true).Take(spec.Count).Order()];
    }

    public StepFault? Take(Guid device, ProvisioningStep step)
        => _byUuid.TryGetValue(device, out var index) && Take(index, step.ToString()) is { } p ? new StepFault(p.Kind, p.Side) : null;

    public StepFault? TakeHello(IPAddress peer)
    {
        for (var i = 0; i < _devices.Count; i++)
        {
            if (_devices[i].Network.Address.Equals(peer))
            {
                return Take(i, nameof(ProvisioningStep.Hello)) is { } p ? new StepFault(p.Kind, p.Side) : null;
            }
        }

        return null;
    }

    /// <summary>The faults on one device's DHCP and DNS exchanges.</summary>
    public IDeviceNetworkFaults ForDevice(int index) => new DeviceFaults(this, index);

    private Planned? Take(int index, string step)
    {
        lock (_gate)
        {
            if (!_plan.TryGetValue((index, step), out var planned) || planned.Exhausted)
            {
                return null;
            }

            planned.Used++;
            _applied.Enqueue(new AppliedFault(index, step, planned.Kind, planned.Side));
            return planned;
        }
    }

    private sealed class Planned(FaultKind kind, FaultSide side, int times)
    {
        public FaultKind Kind => kind;
        public FaultSide Side => side;
        public int Used { get; set; }
        public bool Exhausted => times > 0 && Used >= times;
    }

    private sealed class DeviceFaults(WorldFaults owner, int index) : IDeviceNetworkFaults
    {
        public FaultKind? Take(NetworkStep step) => owner.Take(index, step.ToString())?.Kind;
    }
}
