using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Firmware.Boot;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Profiles;
using AmtSim.Firmware.Time;
using AmtSim.Firmware.Web;
using AmtSim.Firmware.Wsman;
using AmtSim.Network.Embedded;
using AmtSim.Network.Fleet;
using AmtSim.Pki.Ca;
using AmtSim.Pki.Catalogue;
using AmtSim.Pki.Certificates;
using AmtSim.Pki.Fixtures;
using AmtSim.Protocol.Determinism;
using AmtSim.Protocol.Hello;
using AmtSim.Provisioning.Sccm;
using AmtSim.Provisioning.Sccm.Log;
using AmtSim.Scenarios.Model;
using AmtSim.Scenarios.Running;

namespace AmtSim.Scenarios.World;

/// <summary>
/// Builds a scenario's world on the embedded network (every device and the server on their own
/// 127.x addresses, real sockets, real TLS), runs it on the virtual clock, and observes the result.
/// PKI comes from the committed fixture set; the enterprise CA and device keys from a small seeded
/// key pool; the fleet from the run seed.
/// </summary>
public sealed partial class WorldExecutor(string fixturesDirectory) : IScenarioExecutor
{
    /// <summary>The server's host label (its zone is the FQDN's domain).</summary>
    private static (string Host, string Zone) Split(string fqdn)
    {
        var dot = fqdn.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? (fqdn, "localdomain") : (fqdn[..dot], fqdn[(dot + 1)..]);
    }

    public async Task<RunObservation> ExecuteAsync(Scenario scenario, long seed, RunOptions options, CancellationToken cancellationToken)
    {
        if (scenario.Server.Kind == ServerKind.MeshCentral && MeshCentralInstallation.Missing() is { } missing)
        {
            throw MeshCentralInstallation.InCi
                ? new ScenarioSetupException($"server.kind meshcentral: {missing}")
                : new ScenarioSkippedException($"needs MeshCentral: {missing}");
        }

        var manifest = LoadManifest();
        var workDir = Path.Combine(options.WorkDirectory, scenario.Name);
        Directory.CreateDirectory(workDir);
        var virtualTime = options.RealTime ? null : new VirtualTimeProvider(scenario.Now);
        TimeProvider time = virtualTime ?? TimeProvider.System;
        var work = options.RealTime ? WorkTracker.None : new WorkTracker();
        var keys = new WorldKeys(seed);
        keys.Warm();

        // PKI: the provisioning PFX as configured on the service point, and the enterprise CA.
        var pfxPath = ProvisioningPfx(manifest, scenario.Pki.ProvisioningCertificate, scenario.Pki.Pfx, workDir, "provisioning");
        var renewedPath = scenario.Pki.RenewedCertificate is { } renewed ? ProvisioningPfx(manifest, renewed, PfxChain.Full, workDir, "renewed") : null;
        var ca = new EnterpriseCa(EnterpriseCaCertificate(keys, scenario.Now), time, SeedDerivation.Derive(seed, 0, "world/ca"), scenario.Ca.Policy == CaPolicy.Pending ? CaPolicyModule.Pending : CaPolicyModule.AutoIssue);

        // Network: scopes, the server's host, zones with ProvisionServer records.
        var network = new EmbeddedNetwork(partition: options.Partition);
        var (serverHostName, serverZone) = Split(scenario.Server.Fqdn);
        var server = network.AddServer(serverHostName, serverZone);
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
                network.AddProvisionServerRecord(zone.Name, server);
            }
        }

        // Devices.
        var devices = BuildDevices(scenario, seed, manifest, time, keys);
        var servers = new List<FirmwareWebServer>();
        var agents = new List<DeviceNetworkAgent>();
        OobServicePoint? servicePoint = null;
        try
        {
            foreach (var (device, scope, index) in devices)
            {
                network.Assign(device.Identity.Mac, scope.Name);
                var lease = network.Lease(new DhcpLeaseRequest(device.Identity.Mac, device.Identity.Hostname, scope.Option81))
                    ?? throw new ScenarioSetupException($"device {index}: the embedded network gave no lease");
                device.Network.Address = lease.Address;
                device.SetupCertificate = SetupCertificateFactory.Create(device.Identity, scenario.Now, keys.DeviceKey(index, 0).CreateRsa());
                var web = new FirmwareWebServer(device, new WsmanService(device, new WsmanServiceOptions { KeySource = keys.SourceFor(index) }), new FirmwareWebServerOptions { Work = work });
                try
                {
                    web.Start();
                }
                catch (SocketException ex)
                {
                    throw new ScenarioSetupException($"device {index} cannot listen on {device.Network.Address}: {ex.SocketErrorCode} (address or port in use?)", ex);
                }

                servers.Add(web);
            }

            if (scenario.Server.Kind != ServerKind.Builtin)
            {
                return await RunExternalServerAsync(new ExternalWorld(scenario, options, manifest, pfxPath, server, devices, network, time, virtualTime, work, workDir, agents), cancellationToken);
            }

            servicePoint = new OobServicePoint(SccmKnobs.ApplyEnvironment(new OobServicePointOptions
            {
                Fqdn = scenario.Server.Fqdn,
                Address = server.Address,
                HelloPort = scenario.Server.HelloPort,
                ProvisioningPfxPath = pfxPath,
                ProvisioningPfxPassword = manifest.PfxPassword,
                Ca = ca,
                WebServerTemplate = scenario.Ca.Template switch
                {
                    CaTemplate.WebServerV1 => CertificateTemplate.WebServerV1.Name,
                    CaTemplate.V3 => CertificateTemplate.AmtWebServerV3.Name,
                    _ => CertificateTemplate.AmtWebServerV2.Name,
                },
                MaxConcurrentProvisionings = options.MaxConcurrentProvisionings ?? 0,
            }), time, work, new EmbeddedDnsResolver(network.Dns))
            {
                MachineIds = MachineIdsOf(devices),
                WirelessLookup = address => devices.Any(d => d.Device.Network.Wireless && address.Equals(d.Device.Network.Address)),
            };
            try
            {
                await servicePoint.StartAsync(cancellationToken);
            }
            catch (InvalidOperationException ex)
            {
                throw new ScenarioSetupException(ex.Message, ex);
            }

            using var renewal = renewedPath is null ? null : time.CreateTimer(_ => servicePoint.ConfigureProvisioningCertificate(renewedPath, manifest.PfxPassword, checkNow: false), null, scenario.Pki.RenewAfter!.Value, Timeout.InfiniteTimeSpan);
            using var approval = scenario.Ca.ApproveAfter is { } approveAfter ? time.CreateTimer(_ => ca.ApproveAllPending(), null, approveAfter, approveAfter) : null;

            var hello = new HelloOptions { Port = scenario.Server.HelloPort, Window = scenario.Devices.HelloWindow };
            var end = scenario.Now + scenario.RunFor;
            options.DevicesListening?.Invoke(devices.Count);
            using (work.Begin())
            {
                foreach (var (device, _, index) in devices)
                {
                    options.DeviceBooting?.Invoke(index, device);
                    var agent = new DeviceNetworkAgent(device, network.CreateStack(time), hello, work: work);
                    agents.Add(agent);
                    await agent.StartAsync(cancellationToken);
                    options.Progress?.Report((agents.Count, devices.Count));
                }
            }

            if (virtualTime is not null)
            {
                await VirtualClockDriver.RunAsync(virtualTime, work, end, cancellationToken: cancellationToken);
            }
            else
            {
                await Task.Delay(scenario.RunFor, cancellationToken);
            }

            var format = scenario.Server.LogFormat switch
            {
                "cmtrace" => LogFormat.CmTrace,
                "viewer" => LogFormat.ViewerColumns,
                _ => LogFormat.Sccm2007,
            };
            var logText = servicePoint.Log.Render(format);
            await File.WriteAllTextAsync(Path.Combine(workDir, "amtopmgr.log"), logText, cancellationToken);
            return new RunObservation
            {
                Devices = DeviceObserver.ObserveAll(devices.Select(d => (d.Index, d.Scope.Name, d.Device)), servicePoint.Outcomes),
                ServerLog = servicePoint.Log.Lines,
                ServerLogText = logText,
                StatusMessages = [.. servicePoint.StatusMessages.Select(m => new ObservedStatusMessage(m.At, m.Id, m.Text))],
                VirtualStart = scenario.Now,
                VirtualEnd = time.GetUtcNow(),
            };
        }
        finally
        {
            foreach (var agent in agents)
            {
                await agent.DisposeAsync();
            }

            if (servicePoint is not null)
            {
                await servicePoint.DisposeAsync();
            }

            foreach (var web in servers)
            {
                await web.DisposeAsync();
            }
        }
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

    private static List<(AmtDevice Device, ScopeSpec Scope, int Index)> BuildDevices(Scenario scenario, long seed, FixtureManifest manifest, TimeProvider time, WorldKeys keys)
    {
        var result = new List<(AmtDevice, ScopeSpec, int)>();
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

                var version = FirmwareFor(scope, scenario.Devices.Firmware, seed, index);
                var profile = FirmwareProfile.For(version) with { CheckValidityDates = scenario.Devices.CheckValidityDates };
                var identity = generated.ToIdentity() with { Hostname = hostname, Firmware = profile };
                var device = new AmtDevice(identity, new DeviceClock(time, scenario.Devices.ClockOffset), TrustedTable(manifest, profile, scenario.Devices.TrustStandIns));
                device.Network.PkiDnsSuffix = scope.PkiDnsSuffix;
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

    /// <summary>The real default table of the firmware plus the fixture PKI's stand-in roots (all, or the named vendors).</summary>
    private static IReadOnlyList<TrustedRootHash> TrustedTable(FixtureManifest manifest, FirmwareProfile profile, IReadOnlyList<string> vendors)
    {
        var type = profile.Version.Major >= 11 ? CertHashType.Sha256 : CertHashType.Sha1;
        var standIns = manifest.Authorities
            .Where(a => a.Role == "root" && a.TrustedByDevices)
            .Where(a => vendors.Count == 0 || vendors.Any(v => a.Subject.Contains(v, StringComparison.OrdinalIgnoreCase)))
            .Select(a => TrustedRootHash.FromHex("AmtSim " + a.Id, type, type == CertHashType.Sha256 ? a.Sha256Thumbprint : a.Sha1Thumbprint, isDefault: false));
        return [.. standIns, .. profile.DefaultHashes];
    }

    private static Func<Guid, int> MachineIdsOf(List<(AmtDevice Device, ScopeSpec Scope, int Index)> devices)
    {
        var ids = devices.ToDictionary(d => d.Device.Identity.Uuid, d => 60752 + d.Index);
        return uuid => ids.TryGetValue(uuid, out var id) ? id : 0;
    }
}
