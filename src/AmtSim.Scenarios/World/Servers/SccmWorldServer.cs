using AmtSim.Network.Embedded;
using AmtSim.Pki.Ca;
using AmtSim.Provisioning.Faults;
using AmtSim.Provisioning.Sccm;
using AmtSim.Provisioning.Sccm.Log;
using AmtSim.Runtime.Time;
using AmtSim.Scenarios.Model;
using AmtSim.Scenarios.Running;

namespace AmtSim.Scenarios.World.Servers;

/// <summary>
/// `server.kind: builtin`: the SCCM 2007 out-of-band service point with the scenario's enterprise
/// CA, its renewed provisioning certificate and CA approvals on the clock; observed through its
/// amtopmgr.log and status messages.
/// </summary>
internal sealed class SccmWorldServer(Scenario scenario, WorldPki pki, EmbeddedNetwork network, ServerHost host, TimeProvider time, WorkTracker work, int? maxConcurrentProvisionings, IStepFaults? faults = null) : IWorldServer
{
    /// <summary>The built-in service point never announces an end before the run's.</summary>
    public event Action? Ending
    {
        add { }
        remove { }
    }

    private OobServicePoint? _servicePoint;
    private ITimer? _renewal;
    private ITimer? _approval;

    public async Task StartAsync(WorldDevices devices, CancellationToken cancellationToken)
    {
        var servicePoint = new OobServicePoint(SccmKnobs.ApplyEnvironment(new OobServicePointOptions
        {
            Fqdn = scenario.Server.Fqdn,
            Address = host.Address,
            HelloPort = scenario.Server.HelloPort,
            ProvisioningPfxPath = pki.ProvisioningPfxPath,
            ProvisioningPfxPassword = pki.PfxPassword,
            Ca = pki.Ca,
            WebServerTemplate = scenario.Ca.TemplateName ?? scenario.Ca.Template switch
            {
                CaTemplate.WebServerV1 => CertificateTemplate.WebServerV1.Name,
                CaTemplate.V3 => CertificateTemplate.AmtWebServerV3.Name,
                _ => CertificateTemplate.AmtWebServerV2.Name,
            },
            MaxConcurrentProvisionings = maxConcurrentProvisionings ?? 0,
        }), time, work, new EmbeddedDnsResolver(network.Dns))
        {
            MachineIds = devices.MachineIds(),
            Faults = faults,
            WirelessLookup = address => devices.All.Any(d => d.Device.Network.Wireless && address.Equals(d.Device.Network.Address)),
        };
        _servicePoint = servicePoint;
        try
        {
            await servicePoint.StartAsync(cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            throw new ScenarioSetupException(ex.Message, ex);
        }

        if (pki.RenewedPfxPath is { } renewed)
        {
            _renewal = time.CreateTimer(_ => servicePoint.ConfigureProvisioningCertificate(renewed, pki.PfxPassword, checkNow: false), null, scenario.Pki.RenewAfter!.Value, Timeout.InfiniteTimeSpan);
        }

        if (scenario.Ca.ApproveAfter is { } approveAfter)
        {
            _approval = time.CreateTimer(_ => pki.Ca.ApproveAllPending(), null, approveAfter, approveAfter);
        }
    }

    public Task FinishAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<ServerObservation> ObserveAsync(string workDir, CancellationToken cancellationToken)
    {
        var servicePoint = _servicePoint ?? throw new InvalidOperationException("the service point was not started");
        var format = scenario.Server.LogFormat switch
        {
            "cmtrace" => LogFormat.CmTrace,
            "viewer" => LogFormat.ViewerColumns,
            _ => LogFormat.Sccm2007,
        };
        var text = servicePoint.Log.Render(format);
        await File.WriteAllTextAsync(Path.Combine(workDir, "amtopmgr.log"), text, cancellationToken);
        var entries = servicePoint.Log.Entries;
        return new ServerObservation(
            [.. entries.Select(e => e.Text)],
            text,
            [.. servicePoint.StatusMessages.Select(m => new ObservedStatusMessage(m.At, m.Id, m.Text))],
            servicePoint.Outcomes,
            [.. entries.Select(e => new ServerLogLine(e.At, e.Subject, e.Text))]);
    }

    public async ValueTask DisposeAsync()
    {
        _renewal?.Dispose();
        _approval?.Dispose();
        if (_servicePoint is not null)
        {
            await _servicePoint.DisposeAsync();
        }
    }
}
