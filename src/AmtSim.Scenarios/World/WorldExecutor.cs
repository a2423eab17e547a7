using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Firmware.Boot;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Host;
using AmtSim.Firmware.Profiles;
using AmtSim.Firmware.Time;
using AmtSim.Firmware.Web;
using AmtSim.Firmware.Wsman;
using AmtSim.Firmware.Cira;
using AmtSim.Network.Embedded;
using AmtSim.Network.Fleet;
using AmtSim.Pki.Ca;
using AmtSim.Pki.Catalogue;
using AmtSim.Pki.Certificates;
using AmtSim.Pki.Fixtures;
using AmtSim.Pki.UserCertificates;
using AmtSim.Runtime.Determinism;
using AmtSim.Runtime.Time;
using AmtSim.Protocol.Hello;
using AmtSim.Scenarios.Model;
using AmtSim.Scenarios.Running;
using AmtSim.Scenarios.World.Faults;
using AmtSim.Scenarios.World.Servers;

namespace AmtSim.Scenarios.World;

/// <summary>
/// Builds a scenario's world on the embedded network (every device and the server on their own
/// 127.x addresses, real sockets, real TLS), runs it on the virtual clock, and observes the result.
/// PKI comes from the committed fixture set; the enterprise CA and device keys from a small seeded
/// key pool; the fleet from the run seed.
/// </summary>
public sealed class WorldExecutor(string fixturesDirectory) : IScenarioExecutor
{
    /// <summary>The server's host label (its zone is the FQDN's domain).</summary>
    private static (string Host, string Zone) Split(string fqdn)
    {
        var dot = fqdn.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? (fqdn, "localdomain") : (fqdn[..dot], fqdn[(dot + 1)..]);
    }

    /// <summary>Build → Start → Drive → Observe; only the provisioning server varies (<see cref="IWorldServer"/>).</summary>
    public async Task<RunObservation> ExecuteAsync(Scenario scenario, long seed, RunOptions options, CancellationToken cancellationToken)
    {
        if (scenario.Server.Kind == ServerKind.MeshCentral && MeshCentralInstallation.Missing() is { } missing)
        {
            throw MeshCentralInstallation.InCi
                ? new ScenarioSetupException($"server.kind meshcentral: {missing}")
                : new ScenarioSkippedException($"needs MeshCentral: {missing}");
        }

        if (scenario.Server.Kind == ServerKind.Rps && RpsWorldServer.Missing(scenario) is { } noRps)
        {
            // RPS is on no package registry and cannot be installed by CI: skipped with what to set, also under CI (README).
            throw new ScenarioSkippedException(noRps);
        }

        // Build: clock, keys, PKI, network, devices (not yet on the network).
        var manifest = LoadManifest();
        var workDir = Path.Combine(options.WorkDirectory, scenario.Name);
        Directory.CreateDirectory(workDir);
        var virtualTime = options.RealTime ? null : new VirtualTimeProvider(scenario.Now);
        TimeProvider time = virtualTime ?? TimeProvider.System;
        var work = options.RealTime ? WorkTracker.None : new WorkTracker();
        var keys = new WorldKeys(seed);
        keys.Warm();
        var pki = BuildPki(scenario, seed, manifest, keys, time, workDir);
        var (network, host) = BuildNetwork(scenario, options.Partition);
        var devices = new WorldDevices(BuildDevices(scenario, seed, manifest, time, options.Shard));
        var faults = scenario.Faults.Count > 0 ? new WorldFaults(scenario.Faults, seed, [.. devices.All.Select(d => d.Device)]) : null;
        var webOptions = new FirmwareWebServerOptions { Work = work };
        IWorldServer server = scenario.Server.Kind switch
        {
            ServerKind.Builtin => new SccmWorldServer(scenario, pki, network, host, time, work, options.MaxConcurrentProvisionings, faults),
            ServerKind.Rps => new RpsWorldServer(scenario, pki, webOptions),
            _ => new ExternalWorldServer(scenario, pki, host.Address, workDir, options.RealTime),
        };
        var listeners = new List<FirmwareWebServer>();
        var agents = new List<DeviceNetworkAgent>();
        var ciras = new List<CiraAgent>();
        var agentsByIndex = new Dictionary<int, DeviceNetworkAgent>();
        Dictionary<Guid, (CiraStatus, string)>? ciraAtEnd = null;
        var ciraOptions = CiraOptions.FromEnvironment() with { Work = work };
        try
        {
            // Start: every device boots and takes its own lease, and its web server listens on the
            // leased address; then the server starts (it may need the devices' addresses); then the hellos.
            var hello = new HelloOptions { Port = scenario.Server.HelloPort, Window = scenario.Devices.HelloWindow };
            CreateSetupCertificates(devices, keys, scenario.Now, cancellationToken);
            foreach (var (device, scope, index) in devices.All)
            {
                network.Assign(device.Identity.Mac, scope.Name);
                var web = new FirmwareWebServer(device, new WsmanService(device, new WsmanServiceOptions { KeySource = keys.SourceFor(index) }), webOptions);
                listeners.Add(web);
                options.DeviceBooting?.Invoke(index, device);
                var stack = network.CreateStack(time, faults?.ForDevice(index));
                var cira = new CiraAgent(device, web, options: ciraOptions, resolve: (name, ct) => ResolveMpsAsync(stack, agentsByIndex, index, name, ct));
                ciras.Add(cira);
                var agent = new DeviceNetworkAgent(device, stack, hello, work: work, onLease: (_, _) => Listen(web, cira, index));
                agentsByIndex[index] = agent;
                agents.Add(agent);

                // A device without a lease (a faulted DHCP exchange) is not a setup error: it has no
                // address and no listener, tries again at each hello, and ends NoLease (issue 17 item 5).
                await agent.BootAsync(cancellationToken);
            }

            options.DevicesListening?.Invoke(devices.All.Count);
            server.Ending += () =>
            {
                var snapshot = devices.All.ToDictionary(d => d.Device.Identity.Uuid, d => (d.Device.CiraStatus, d.Device.CiraDetail));
                Interlocked.CompareExchange(ref ciraAtEnd, snapshot, null);
            };
            await server.StartAsync(devices, cancellationToken);
            using (work.Begin())
            {
                for (var i = 0; i < agents.Count; i++)
                {
                    await agents[i].StartHellosAsync(cancellationToken);
                    options.Progress?.Report((i + 1, agents.Count));
                }
            }

            // Drive: the virtual clock to the scenario's end (or real time), then the server finishes.
            if (virtualTime is not null)
            {
                await VirtualClockDriver.RunAsync(virtualTime, work, scenario.Now + scenario.RunFor, cancellationToken: cancellationToken);
            }
            else if (scenario.Server.Kind == ServerKind.Builtin)
            {
                await Task.Delay(scenario.RunFor, cancellationToken);
            }

            using (var finished = new CancellationTokenSource())
            {
                var following = virtualTime is not null && server.ClockFollowsWallClockWhileFinishing
                    ? VirtualClockDriver.FollowWallClockAsync(virtualTime, TimeProvider.System, VirtualClockDriver.DefaultFollowStep, finished.Token)
                    : Task.CompletedTask;
                try
                {
                    await server.FinishAsync(cancellationToken);
                }
                finally
                {
                    await finished.CancelAsync();
                    await following;
                }
            }

            // Observe.
            var observed = await server.ObserveAsync(workDir, cancellationToken);
            return new RunObservation
            {
                Devices = DeviceObserver.ObserveAll(devices.All.Select(d => (d.Index, d.Scope.Name, d.Device)), observed.Outcomes, pki.Ca.Requests, Volatile.Read(ref ciraAtEnd)),
                Faults = faults?.Applied ?? [],
                ServerLog = observed.Lines,
                ServerLogLines = observed.Timed ?? [],
                DevicesInFleet = scenario.Network.Scopes.Sum(s => s.Devices),
                Shard = options.Shard,
                ServerLogText = observed.Text,
                StatusMessages = observed.StatusMessages,
                Rps = observed.Rps ?? [],
                RpsApiError = observed.RpsApiError,
                VirtualStart = scenario.Now,
                VirtualEnd = time.GetUtcNow(),
            };
        }
        finally
        {
            // Every listener is closed even when something before it fails to stop, so a failed
            // world never leaves its addresses taken for the next one on the partition.
            try
            {
                foreach (var cira in ciras)
                {
                    await cira.DisposeAsync();
                }

                foreach (var agent in agents)
                {
                    await agent.DisposeAsync();
                }

                await server.DisposeAsync();
            }
            finally
            {
                foreach (var web in listeners)
                {
                    await web.DisposeAsync();
                }
            }
        }
    }

    /// <summary>
    /// Every device's self-signed setup certificate (one RSA signature each, most of a boot's CPU),
    /// made on every core before the devices boot one by one; each depends only on its device's
    /// identity, the scenario's time and its seeded key, so the order changes nothing.
    /// </summary>
    private static void CreateSetupCertificates(WorldDevices devices, WorldKeys keys, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var all = devices.All;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        Parallel.For(0, all.Count, parallel, i =>
        {
            var (device, _, index) = all[i];
            var seeded = keys.DeviceKey(index, 0);
            var key = seeded.CreateRsa();
            device.UseSetupCredential(SetupCertificateFactory.CreatePublic(device.Identity, now, key, seeded.SubjectPublicKeyInfoDer()), key);
        });
    }

    /// <summary>
    /// The MPS name a device was given: an address literal as is, "localhost" as 127.0.0.1, else an A
    /// lookup through the device's own network stack and lease (the embedded DNS).
    /// </summary>
    private static async Task<System.Net.IPAddress?> ResolveMpsAsync(IDeviceNetworkStack stack, Dictionary<int, DeviceNetworkAgent> agents, int index, string name, CancellationToken cancellationToken)
    {
        if (System.Net.IPAddress.TryParse(name, out var literal))
        {
            return literal;
        }

        if (string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return System.Net.IPAddress.Loopback;
        }

        if (!agents.TryGetValue(index, out var agent) || agent.Lease is not { } lease)
        {
            return null;
        }

        var answer = await stack.ResolveAsync(name, lease, cancellationToken);
        return answer.Addresses.Count > 0 ? answer.Addresses[0] : null;
    }

    private static Task Listen(FirmwareWebServer web, CiraAgent cira, int index)
    {
        try
        {
            web.Start();
            cira.Start();
            return Task.CompletedTask;
        }
        catch (SocketException ex)
        {
            throw new ScenarioSetupException($"device {index} cannot listen on {web.Device.Network.Address}: {ex.SocketErrorCode} (address or port in use?)", ex);
        }
    }

    /// <summary>The provisioning PFX as configured on the server, the renewed one if the scenario has one, and the enterprise CA.</summary>
    private WorldPki BuildPki(Scenario scenario, long seed, FixtureManifest manifest, WorldKeys keys, TimeProvider time, string workDir)
    {
        var pfxPath = scenario.Pki.ProvisioningFiles is { } own
            ? UserPfx(own, scenario.Pki.Pfx, manifest.PfxPassword, workDir, "provisioning")
            : ProvisioningPfx(manifest, scenario.Pki.ProvisioningCertificate, scenario.Pki.Pfx, workDir, "provisioning");
        var renewedPath = scenario.Pki.RenewedFiles is { } ownRenewed
            ? UserPfx(ownRenewed, PfxChain.Full, manifest.PfxPassword, workDir, "renewed")
            : scenario.Pki.RenewedCertificate is { } renewed ? ProvisioningPfx(manifest, renewed, PfxChain.Full, workDir, "renewed") : null;
        var ca = new EnterpriseCa(EnterpriseCaCertificate(keys, scenario.Now), time, SeedDerivation.Derive(seed, 0, "world/ca"), scenario.Ca.Policy == CaPolicy.Pending ? CaPolicyModule.Pending : CaPolicyModule.AutoIssue);
        foreach (var t in scenario.Ca.Templates)
        {
            var version = (TemplateVersion)t.Version;
            ca.AddTemplate(new CertificateTemplate(t.Name, version, CertificateTemplate.DefaultValidity(version), RequiresApproval: t.Approve == TemplateApproval.Pending));
        }

        return new WorldPki(pfxPath, renewedPath, manifest.PfxPassword, ca);
    }

    /// <summary>Scopes, the server's host, zones with ProvisionServer records.</summary>
    private static (EmbeddedNetwork Network, ServerHost Host) BuildNetwork(Scenario scenario, int partition)
    {
        var network = new EmbeddedNetwork(partition: partition);
        var (serverHostName, serverZone) = Split(scenario.Server.Fqdn);
        var host = network.AddServer(serverHostName, serverZone);
        foreach (var scope in scenario.Network.Scopes)
        {
            network.AddScope(new DhcpScope { Name = scope.Name, DomainName = scope.Option15, RegisterFqdn = scope.Option81 });
        }

        var zones = scenario.Network.Zones.Count > 0
            ? scenario.Network.Zones
            : scenario.Network.Scopes.SelectMany(s => new[] { s.Option15, s.PkiDnsSuffix }).OfType<string>().Append(serverZone).Distinct(StringComparer.OrdinalIgnoreCase).Select(z => new ZoneSpec { Name = z }).ToList();
        foreach (var zone in zones)
        {
            network.Dns.AddZone(zone.Name);
            if (zone.ProvisionServer)
            {
                network.AddProvisionServerRecord(zone.Name, host);
            }
        }

        return (network, host);
    }

    private FixtureManifest LoadManifest()
    {
        try
        {
            return FixtureManifest.Load(fixturesDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            throw new ScenarioSetupException($"cannot read the fixture PKI in {fixturesDirectory}: {ex.Message}", ex);
        }
    }

    /// <summary>The fixture's PFX copied into the run folder; for a leaf-only export, a PFX made from the leaf and its key alone.</summary>
    private string ProvisioningPfx(FixtureManifest manifest, string id, PfxChain chain, string workDir, string name)
    {
        var fixture = manifest.Fixtures.FirstOrDefault(f => f.Id == id)
            ?? throw new ScenarioSetupException($"unknown provisioning certificate '{id}' (fixtures/pki has: {string.Join(", ", manifest.Fixtures.Select(f => f.Id))})");
        var target = Path.Combine(workDir, name + ".pfx");
        if (chain == PfxChain.Full)
        {
            File.Copy(Path.Combine(fixturesDirectory, fixture.Files.Pfx ?? throw new ScenarioSetupException($"fixture {id} has no PFX")), target, overwrite: true);
            return target;
        }

        using var leaf = X509Certificate2.CreateFromPemFile(
            Path.Combine(fixturesDirectory, fixture.Files.Certificate ?? throw new ScenarioSetupException($"fixture {id} has no certificate file")),
            Path.Combine(fixturesDirectory, fixture.Files.Key ?? throw new ScenarioSetupException($"fixture {id} has no key file")));
        File.WriteAllBytes(target, leaf.Export(X509ContentType.Pkcs12, manifest.PfxPassword));
        return target;
    }

    /// <summary>
    /// The user's own certificate (checked at load) as the server is configured with it: a PFX of
    /// its path in the run folder under the fixture PFX password, so every server kind takes it the
    /// same way; a leaf-only export keeps the leaf alone.
    /// </summary>
    private static string UserPfx(CertificateFiles files, PfxChain chain, string password, string workDir, string name)
    {
        UserProvisioningChain loaded;
        try
        {
            loaded = UserProvisioningChain.Load(files.Certificate, files.Key, files.Chain, files.Password, files.PasswordSource);
        }
        catch (AmtSim.Runtime.Errors.InvalidInputException ex)
        {
            // Checked at load; a file changed since then.
            throw new ScenarioSetupException($"the provisioning certificate changed since the scenario was loaded: {ex.Message}", ex);
        }

        var target = Path.Combine(workDir, name + ".pfx");
        File.WriteAllBytes(target, loaded.ExportPfx(password, leafOnly: chain == PfxChain.LeafOnly));
        return target;
    }

    /// <summary>The user's trusted roots as hash-table entries of a device of <paramref name="profile"/> (SHA-256 from AMT 11, SHA-1 before, as the stand-ins).</summary>
    private static IEnumerable<TrustedRootHash> UserRoots(IReadOnlyList<X509Certificate2> roots, FirmwareProfile profile)
    {
        var type = profile.Version.Major >= 11 ? CertHashType.Sha256 : CertHashType.Sha1;
        return roots.Select(root => TrustedRootHash.ForCertificate(root.GetNameInfo(X509NameType.SimpleName, forIssuer: false) is { Length: > 0 } cn ? cn : "user root", type, root.RawData));
    }

    private static X509Certificate2 EnterpriseCaCertificate(WorldKeys keys, DateTimeOffset now)
    {
        var factory = new CertificateFactory(keys.Pool);
        var root = factory.CreateSelfSigned(new CertificateSpec
        {
            Id = "world/enterprise-ca",
            Subject = new SubjectName("Contoso Enterprise Issuing CA", Organization: "Contoso"),
            Kind = CertificateKind.Root,
            KeyIndex = WorldKeys.CaKeyIndex,
            NotBefore = now.AddYears(-2),
            NotAfter = now.AddYears(8),
        });
        return root.Certificate;
    }

    /// <summary>
    /// The devices of the run's shard. Every identity of the fleet is generated (cheap: names,
    /// addresses, UUIDs), so a hostname made unique with a suffix is the same whichever shard holds
    /// the device; only the shard's devices are then built.
    /// </summary>
    private static List<(AmtDevice Device, ScopeSpec Scope, int Index)> BuildDevices(Scenario scenario, long seed, FixtureManifest manifest, TimeProvider time, Shard shard)
    {
        var total = scenario.Network.Scopes.Sum(s => s.Devices);
        var (start, length) = shard.Range(total);
        var result = new List<(AmtDevice, ScopeSpec, int)>(length);
        var userRoots = scenario.Pki.TrustedRoots.SelectMany(UserTrustedRoots.Load).ToList();
        var hostnames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var index = 0;
        foreach (var scope in scenario.Network.Scopes)
        {
            var fleetScope = new FleetScope(scope.Name, scope.Option15 ?? scope.PkiDnsSuffix ?? "localdomain");
            for (var i = 0; i < scope.Devices; i++, index++)
            {
                var generated = FleetGenerator.GenerateOne(index, seed, [fleetScope]);
                var hostname = generated.Hostname;
                for (var n = 2; !hostnames.Add(hostname); n++)
                {
                    hostname = $"{generated.Hostname}-{n}";
                }

                if (index < start || index >= start + length)
                {
                    continue;
                }

                var version = FirmwareFor(scope, scenario.Devices.Firmware, seed, index);
                var profile = FirmwareProfile.For(version) with { CheckValidityDates = scenario.Devices.CheckValidityDates };
                var identity = generated.ToIdentity() with { Hostname = hostname, Firmware = profile };
                var device = new AmtDevice(identity, new DeviceClock(time, scenario.Devices.ClockOffset), [.. UserRoots(userRoots, profile), .. TrustedHashTable.For(manifest, profile, scenario.Devices.TrustStandIns)]);
                device.Network.PkiDnsSuffix = scope.PkiDnsSuffix;
                device.LocalSystemPassword = LocalSystemPasswords.For(SeedDerivation.Derive(seed, index, LocalSystemPasswords.SeedPurpose));
                device.Network.Wireless = scenario.Devices.Wireless;
                result.Add((device, scope, index));
            }
        }

        return result;
    }

    private static FirmwareVersion FirmwareFor(ScopeSpec scope, string fallback, long seed, int index)
    {
        if (scope.Firmware.Count == 0)
        {
            return FirmwareVersion.Parse(fallback);
        }

        var roll = (int)((uint)SeedDerivation.Derive(seed, index, "world/firmware") % (uint)scope.Firmware.Values.Sum());
        foreach (var (version, weight) in scope.Firmware.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (roll < weight)
            {
                return FirmwareVersion.Parse(version);
            }

            roll -= weight;
        }

        return FirmwareVersion.Parse(fallback);
    }
}

/// <summary>The world's devices with their scopes and indexes, in fleet order.</summary>
internal sealed class WorldDevices(List<(AmtDevice Device, ScopeSpec Scope, int Index)> all)
{
    public IReadOnlyList<(AmtDevice Device, ScopeSpec Scope, int Index)> All => all;

    /// <summary>SCCM MachineIds by device UUID: 60752 + the device's index (0 for a device not in this world).</summary>
    public Func<Guid, int> MachineIds()
    {
        var ids = all.ToDictionary(d => d.Device.Identity.Uuid, d => 60752 + d.Index);
        return uuid => ids.TryGetValue(uuid, out var id) ? id : 0;
    }
}

/// <summary>What the server is configured with: the provisioning PFX (and a renewed one), its password, the enterprise CA.</summary>
internal sealed record WorldPki(string ProvisioningPfxPath, string? RenewedPfxPath, string PfxPassword, EnterpriseCa Ca);
