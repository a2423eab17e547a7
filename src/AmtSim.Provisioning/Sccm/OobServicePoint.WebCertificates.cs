using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Pki.Ca;
using AmtSim.Provisioning.Connect;
using AmtSim.Provisioning.Sccm.Log;
using AmtSim.Provisioning.Sccm.Steps;
using AmtSim.Provisioning.Wsman;

namespace AmtSim.Provisioning.Sccm;

/// <summary>A device this service point provisioned, as its database keeps it (seed 004: it monitors the certificates it deploys).</summary>
/// <param name="Issued">The web-server certificate as the CA issued it (DER, serial, validity).</param>
public sealed record ProvisionedDevice(Guid Uuid, IPAddress Address, string Fqdn, int MachineId, IssuedCertificate Issued, string AdminPassword)
{
    /// <summary>The web-server certificate the device serves, loaded by .NET on first use.</summary>
    public X509Certificate2 WebCertificate => Issued.Certificate;
}

/// <summary>One evaluation of one device's web-server certificate by the maintenance task.</summary>
public sealed record WebCertificateEvaluation(Guid Uuid, string Fqdn, DateTimeOffset At, int DaysLeft, WebCertificateAction Action, string Detail, X509Certificate2? NewCertificate = null);

public enum WebCertificateAction
{
    /// <summary>More than the renewal threshold left.</summary>
    Kept,
    Renewed,

    /// <summary>Due, but the device is reached over a wireless connection (seed 004: renewal is not possible).</summary>
    SkippedWireless,
    Failed,
}

/// <summary>
/// The AMT web-server certificate lifecycle (seed 004): the maintenance task "Evaluate Provisioned
/// AMT Computer Certificates" runs every <see cref="OobServicePointOptions.WebCertificateCheckInterval"/>
/// and, for each certificate it issued with <see cref="OobServicePointOptions.WebCertificateRenewDays"/>
/// days or fewer left, connects to the device's 16993 (Digest as admin with the password it set),
/// has the device make a new key and request, gets it issued by the enterprise CA, installs it as
/// the TLS credential, and revokes the old certificate with reason Superseded. Over a wireless
/// connection it does not renew. Whether a device is wireless comes from <see cref="WirelessLookup"/>
/// (the world knows each device's link; a real server would know it from its discovery data).
/// </summary>
public sealed partial class OobServicePoint
{
    private readonly ConcurrentDictionary<Guid, ProvisionedDevice> _provisioned = new();
    private readonly ConcurrentQueue<WebCertificateEvaluation> _evaluations = new();
    private readonly Lock _webCheckGate = new();
    private Task _webCheck = Task.CompletedTask;

    /// <summary>True when the service point reaches the device at this address over a wireless connection; null means every device is wired.</summary>
    public Func<IPAddress, bool>? WirelessLookup { get; init; }

    /// <summary>The devices this service point provisioned, with the web-server certificate each one serves.</summary>
    public IReadOnlyList<ProvisionedDevice> ProvisionedDevices => [.. _provisioned.Values.OrderBy(d => d.MachineId)];

    /// <summary>Every evaluation the maintenance task made, in order.</summary>
    public IReadOnlyList<WebCertificateEvaluation> WebCertificateEvaluations => [.. _evaluations];

    /// <summary>
    /// Records a device at the end of a successful provisioning. A certificate this service point
    /// issued to the same device before is revoked with reason Superseded (seed 004: re-provisioning
    /// after a local unprovision).
    /// </summary>
    private void RememberProvisioned(Guid uuid, IPAddress address, string fqdn, int machineId, IssuedCertificate certificate)
    {
        var record = new ProvisionedDevice(uuid, address, fqdn, machineId, certificate, _options.AdminPassword);
        var previous = _provisioned.TryGetValue(uuid, out var p) ? p : null;
        _provisioned[uuid] = record;
        if (previous is not null && previous.Issued.SerialNumber != certificate.SerialNumber)
        {
            RevokeSuperseded(previous.Issued);
        }
    }

    /// <summary>Starts one run of the maintenance task (the timer's callback; also callable as "run now" from the console).</summary>
    public void EvaluateWebCertificatesNow()
    {
        var scope = _work.Begin();
        lock (_webCheckGate)
        {
            var previous = _webCheck;
            _webCheck = RunAsync();

            async Task RunAsync()
            {
                using (scope)
                {
                    await previous;
                    try
                    {
                        await EvaluateWebCertificatesAsync(_stopping.Token);
                    }
                    catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                    {
                        // Stopped mid-renewal: StopAsync waits for this check and must not fail on it.
                    }
                }
            }
        }
    }

    private Task PendingWebCheck()
    {
        lock (_webCheckGate)
        {
            return _webCheck;
        }
    }

    private async Task EvaluateWebCertificatesAsync(CancellationToken ct)
    {
        foreach (var device in ProvisionedDevices)
        {
            if (ct.IsCancellationRequested)
            {
                return;
            }

            var now = _time.GetUtcNow();
            var left = device.Issued.NotAfter - now;
            var days = (int)Math.Floor(left.TotalDays);
            if (left > TimeSpan.FromDays(_options.WebCertificateRenewDays))
            {
                _evaluations.Enqueue(new WebCertificateEvaluation(device.Uuid, device.Fqdn, now, days, WebCertificateAction.Kept, "not due"));
                continue;
            }

            if (WirelessLookup?.Invoke(device.Address) == true)
            {
                Log.WriteAbout(device.Fqdn, _options.WorkerThread, AmtOpMgrMessages.WebCertificateWireless, device.Fqdn);
                _evaluations.Enqueue(new WebCertificateEvaluation(device.Uuid, device.Fqdn, now, days, WebCertificateAction.SkippedWireless, "wireless connection"));
                continue;
            }

            Log.WriteAbout(device.Fqdn, _options.WorkerThread, AmtOpMgrMessages.WebCertificateExpiring, device.Fqdn, days);
            _evaluations.Enqueue(await RenewAsync(device, days, ct));
        }
    }

    private async Task<WebCertificateEvaluation> RenewAsync(ProvisionedDevice device, int days, CancellationToken ct)
    {
        var fqdn = device.Fqdn;
        WebCertificateEvaluation Result(WebCertificateAction action, string detail, X509Certificate2? issued = null)
            => new(device.Uuid, fqdn, _time.GetUtcNow(), days, action, detail, issued);

        var endpoint = new IPEndPoint(device.Address, _options.DeviceTlsPort);
        using var wsman = new WsmanClient(
            async token => (await DeviceTlsConnector.ConnectAsync(endpoint, _options.Address, null, token, _work)).Stream,
            fqdn,
            _options.DeviceTlsPort,
            new NetworkCredential("admin", device.AdminPassword));

        var facts = new FailureFacts(fqdn, device.Uuid, device.Address, fqdn, _options.Fqdn);
        var run = new StepRun();
        string? notIssued = null;
        try
        {
            var issued = await EnrolWebCertificateAsync(new AmtClient(wsman), run, fqdn, csr =>
            {
                var request = _options.Ca.Submit(csr, _options.WebServerTemplate, fqdn);
                if (request.Disposition != RequestDisposition.Issued || request.Issued is null)
                {
                    Write(facts, AmtOpMgrMessages.WebCertificateNotIssued, fqdn, request.Disposition);
                    notIssued = $"CA request {request.Id}: {request.Disposition}";
                    return Task.FromResult<IssuedCertificate?>(null);
                }

                return Task.FromResult<IssuedCertificate?>(request.Issued);
            }, replaceContext: true, ct);
            if (issued is null)
            {
                return Result(WebCertificateAction.Failed, notIssued ?? "not issued");
            }

            var old = device.Issued;
            _provisioned[device.Uuid] = device with { Issued = issued };
            RevokeSuperseded(old);
            Write(facts, AmtOpMgrMessages.WebCertificateRenewed, fqdn, old.SerialNumber);
            return Result(WebCertificateAction.Renewed, "renewed", issued.Certificate);
        }
        catch (Exception ex) when (IsStepFailure(ex))
        {
            WriteFailure(facts, run.Current, StepTable.For(run.Current).OnRenewalFailure, ex.Message);
            return Result(WebCertificateAction.Failed, $"{StepTable.For(run.Current).LogName}: {ex.Message}");
        }
    }

    private void RevokeSuperseded(IssuedCertificate certificate)
    {
        try
        {
            _options.Ca.Revoke(certificate.SerialNumber, X509RevocationReason.Superseded);
        }
        catch (InvalidOperationException)
        {
            // Issued by another CA (the site's CA was changed): nothing this CA can revoke.
        }
    }
}
