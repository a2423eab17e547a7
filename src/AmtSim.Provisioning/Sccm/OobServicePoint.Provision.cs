using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Pki.Ca;
using AmtSim.Protocol.Hello;
using AmtSim.Provisioning.Connect;
using AmtSim.Provisioning.Faults;
using AmtSim.Runtime.Faults;
using AmtSim.Provisioning.Sccm.Log;
using AmtSim.Provisioning.Sccm.Steps;
using AmtSim.Provisioning.Wsman;

namespace AmtSim.Provisioning.Sccm;

/// <summary>Provisioning one device after its hello: name, namespace, TLS with the provisioning chain, WS-Man configuration, device certificate, commit.</summary>
public sealed partial class OobServicePoint
{
    private const string RsaEncryptionOid = "1.2.840.113549.1.1.1";

    private async Task ProvisionAsync(PkiHello hello, IPAddress peer, CancellationToken ct)
    {
        // A device greets again while its provisioning task runs (retries every minute); one task per device at a time.
        if (!_inProgress.TryAdd(hello.Uuid, 0))
        {
            return;
        }

        var slot = _provisioningSlots;
        try
        {
            if (slot is not null)
            {
                try
                {
                    await slot.WaitAsync(ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // Stopped while this hello waited for a slot: no attempt began.
                    return;
                }
            }

            try
            {
                await ProvisionOnceAsync(hello, peer, ct);
            }
            finally
            {
                slot?.Release();
            }
        }
        finally
        {
            _inProgress.TryRemove(hello.Uuid, out _);
        }
    }

    private async Task ProvisionOnceAsync(PkiHello hello, IPAddress peer, CancellationToken ct)
    {
        AmtSim.Provisioning.Log.HelloAccepted(_logger, hello.Uuid, peer);
        var facts = new FailureFacts(hello.Uuid.ToString(), hello.Uuid, peer, null, _options.Fqdn);
        Write(facts, AmtOpMgrMessages.ProvisionTaskBegin);
        Write(facts, AmtOpMgrMessages.HelloReceived, hello.Uuid, peer, hello.Version, hello.RetryCount);

        var fqdn = await _resolver.ReverseLookupAsync(peer, ct);
        if (string.IsNullOrEmpty(fqdn))
        {
            EndFailed(facts, ProvisioningStep.ResolveName, $"no PTR record for {peer}");
            return;
        }

        facts = facts with { Fqdn = fqdn };
        if (!NamespaceRule.ShareNamespace(fqdn, _options.Fqdn))
        {
            EndFailed(facts, ProvisioningStep.Namespace, $"{fqdn} and {_options.Fqdn} share no namespace");
            return;
        }

        var credential = CurrentCredential;
        if (credential is null)
        {
            EndFailed(facts, ProvisioningStep.Certificate, "no valid provisioning certificate loaded");
            return;
        }

        // One certificate per server (seed 002): when its root is not among the hello's hashes the
        // service point says so and tries anyway; the device then refuses the chain in the handshake.
        if (!RootMatchesHello(credential, hello))
        {
            Write(facts, AmtOpMgrMessages.NoMatchingRootHash, hello.Uuid);
        }

        Write(facts, AmtOpMgrMessages.TryProvisioningAccount, fqdn);
        var device = new IPEndPoint(peer, _options.DeviceTlsPort);
        var run = new StepRun();
        var handshakeFault = Faults?.Take(hello.Uuid, ProvisioningStep.TlsHandshake);
        DeviceTlsSession session;
        try
        {
            session = await ConnectWithTimeoutAsync(device, credential, hello.Uuid, handshakeFault, ct);
        }
        catch (DeviceTlsException ex)
        {
            EndFailed(facts, ProvisioningStep.TlsHandshake, ex.Message, ex.AlertReceived);
            return;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            EndInterrupted(facts, ProvisioningStep.TlsHandshake);
            return;
        }

        var firstSession = session;
        using var wsman = new WsmanClient(
            async token =>
            {
                var reuse = Interlocked.Exchange(ref firstSession, null);
                var stream = reuse?.Stream ?? (await ConnectWithTimeoutAsync(device, credential, hello.Uuid, null, token)).Stream;
                return Faults is { } faults ? new FaultingStream(stream, hello.Uuid, faults, () => run.Current, _work, BitConverter.ToInt32(hello.Uuid.ToByteArray()), _time, _options.ExchangeTimeout) : stream;
            },
            fqdn,
            _options.DeviceTlsPort,
            new NetworkCredential("admin", ""),
            _time,
            _options.ExchangeTimeout);
        try
        {
            await RunSetupSessionAsync(new AmtClient(wsman), facts, ct, run);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            EndInterrupted(facts, run.Current);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // Nothing may leave a device without an outcome (issue 17 item 5): an exception the step
            // table does not know is still this step's failure, and an error in the diagnostics.
            AmtSim.Provisioning.Log.ProvisioningFailedUnexpectedly(_logger, hello.Uuid, run.Current, ex);
            EndFailed(facts, run.Current, $"{StepTable.For(run.Current).LogName}: unexpected {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>
    /// The service point stopped (the run ended) during <paramref name="step"/>: the attempt gets an
    /// outcome like any other, so no device is left without one, and no amtopmgr.log failure lines
    /// (the product would not have written any). Issue 17 item 5: the cancellation escaped StopAsync
    /// and failed the whole run.
    /// </summary>
    private void EndInterrupted(FailureFacts facts, ProvisioningStep step)
        => End(facts, new ProvisioningOutcome(facts.Uuid, facts.Peer, facts.Fqdn, false, step, $"{StepTable.For(step).LogName}: the service point stopped during this attempt", StepError: true) { Interrupted = true });

    /// <summary>
    /// TLS to the device's 16993 within <see cref="OobServicePointOptions.ExchangeTimeout"/> on the
    /// run's clock, with an injected handshake fault applied under TLS (reset, garbage) or before
    /// connecting (a stall: the device's port never answers; the wait is parked until the timeout).
    /// </summary>
    private async Task<DeviceTlsSession> ConnectWithTimeoutAsync(IPEndPoint device, ProvisioningCredential? credential, Guid uuid, StepFault? fault, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(_options.ExchangeTimeout, _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        var noAnswer = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"no TLS session with {device} within {_options.ExchangeTimeout.TotalSeconds} s");
        try
        {
            if (fault is { Kind: FaultKind.Stall })
            {
                await _work.ParkUntilCancelledAsync(either.Token);
            }

            Func<Stream, Stream>? transport = fault is null ? null : wire => new FaultingStream(wire, uuid, new OneFault(fault), () => ProvisioningStep.TlsHandshake, _work, BitConverter.ToInt32(uuid.ToByteArray()), _time, _options.ExchangeTimeout);
            return await DeviceTlsConnector.ConnectAsync(device, _options.Address, credential, either.Token, _work, transport);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new DeviceTlsException(noAnswer, null, ex);
        }
        catch (ObjectDisposedException ex) when (!ct.IsCancellationRequested)
        {
            // The connection went away under the handshake (a reset): the handshake step's failure,
            // not the service point's (issue 17 item 5: it escaped and failed the run).
            throw new DeviceTlsException($"the connection to {device} went away during the TLS handshake ({ex.Message})", null, ex);
        }
    }

    /// <summary>A fault already taken for the handshake, applied once by the stream under TLS.</summary>
    private sealed class OneFault(StepFault fault) : IStepFaults
    {
        private int _taken;

        public StepFault? Take(Guid device, ProvisioningStep step) => Interlocked.Exchange(ref _taken, 1) == 0 ? fault : null;

        public StepFault? TakeHello(IPAddress peer) => null;
    }

    /// <summary>
    /// The setup session, one step per WS-Man exchange in the §1.5 order, ending the task: a
    /// failure at any step writes that step's lines from <see cref="StepTable"/>.
    /// </summary>
    internal async Task<ProvisioningOutcome> RunSetupSessionAsync(IAmtClient amt, FailureFacts facts, CancellationToken ct, StepRun? steps = null)
    {
        var fqdn = facts.Fqdn!;
        var machineId = MachineIdFor(facts.Uuid);
        var run = steps ?? new StepRun();
        IssuedCertificate? deviceCertificate;
        try
        {
            var realm = await run.Step(ProvisioningStep.GetGeneralSettings, () => amt.GetDigestRealmAsync(ct));
            await run.Step(ProvisioningStep.EnumerateSoftwareIdentity, () => amt.EnumerateSoftwareIdentityAsync(ct));
            await run.Step(ProvisioningStep.GetSetupAndConfigurationService, () => amt.GetSetupAndConfigurationServiceAsync(ct));
            await run.Step(ProvisioningStep.SetMebxPassword, () => amt.SetMebxPasswordAsync(_options.MebxPassword, ct));
            var ha1 = Convert.ToHexStringLower(MD5.HashData(System.Text.Encoding.UTF8.GetBytes($"admin:{realm}:{_options.AdminPassword}")));
            await run.Step(ProvisioningStep.SetAdminAclEntry, () => amt.SetAdminAclEntryExAsync("admin", ha1, ct));
            var deviceTime = await run.Step(ProvisioningStep.GetLowAccuracyTime, () => amt.GetLowAccuracyTimeAsync(ct));
            var serverTime = _time.GetUtcNow().ToUnixTimeSeconds();
            if (Math.Abs(serverTime - deviceTime) > 10)
            {
                await run.Step(ProvisioningStep.SetHighAccuracyTime, () => amt.SetHighAccuracyTimeAsync(deviceTime, serverTime, serverTime, ct));
            }

            deviceCertificate = await EnrolWebCertificateAsync(amt, run, fqdn, csr => RequestDeviceCertificateAsync(facts, machineId, csr, ct), replaceContext: false, ct);
            if (deviceCertificate is null)
            {
                // The CA's own lines (RETRY(n)…, "Missed device certficate") are already written.
                return End(facts, new ProvisioningOutcome(facts.Uuid, facts.Peer, fqdn, false, ProvisioningStep.CaRequest, "the CA did not issue the device certificate"));
            }

            await run.Step(ProvisioningStep.PutTlsSettings, () => amt.PutTlsSettingsAsync(mutualAuthentication: false, enabled: true, ct));
            await run.Step(ProvisioningStep.CommitChanges, () => amt.CommitChangesAsync(ct));
        }
        catch (Exception ex) when (IsStepFailure(ex))
        {
            return EndFailed(facts, run.Current, $"{StepTable.For(run.Current).LogName}: {ex.Message}", detailForLog: ex.Message);
        }

        RememberProvisioned(facts.Uuid, facts.Peer, fqdn, machineId, deviceCertificate);
        Write(facts, AmtOpMgrMessages.ProvisionSucceeded, fqdn, machineId);
        return End(facts, new ProvisioningOutcome(facts.Uuid, facts.Peer, fqdn, true, ProvisioningStep.Done, "provisioned"));
    }

    /// <summary>
    /// Enrol a web-server certificate, shared by the initial provisioning and renewal: the device
    /// makes a key pair and signs a PKCS#10 for it, <paramref name="issue"/> gets it issued (null: not
    /// issued, nothing more is done), the device stores it and binds it as its TLS credential
    /// (replacing the old binding when <paramref name="replaceContext"/>).
    /// </summary>
    private static async Task<IssuedCertificate?> EnrolWebCertificateAsync(IAmtClient amt, StepRun run, string fqdn, Func<byte[], Task<IssuedCertificate?>> issue, bool replaceContext, CancellationToken ct)
    {
        var keyPair = await run.Step(ProvisioningStep.GenerateKeyPair, () => amt.GenerateKeyPairAsync(2048, ct));
        var publicKey = await run.Step(ProvisioningStep.GetKeyPair, () => amt.GetPublicKeyAsync(keyPair, ct));
        var csr = await run.Step(ProvisioningStep.GeneratePkcs10Request, () => amt.GeneratePkcs10Async(keyPair, NullSignedRequest(fqdn, publicKey), ct));
        var issued = await run.Step(ProvisioningStep.CaRequest, () => issue(csr));
        if (issued is null)
        {
            return null;
        }

        var stored = await run.Step(ProvisioningStep.AddCertificate, () => amt.AddCertificateAsync(issued.RawData, ct));
        if (replaceContext)
        {
            await run.Step(ProvisioningStep.DeleteTlsCredentialContext, () => amt.DeleteTlsCredentialContextAsync(ct));
        }

        await run.Step(ProvisioningStep.CreateTlsCredentialContext, () => amt.CreateTlsCredentialContextAsync(stored, ct));
        return issued;
    }

    /// <summary>What ends a step with its failure lines rather than the whole service point: the device's, the wire's, the CA's and the certificates' errors.</summary>
    private static bool IsStepFailure(Exception ex)
        => ex is WsmanException or HttpRequestException or IOException or DeviceTlsException or FormatException or InvalidOperationException or ArgumentException
            or AmtSim.Runtime.Errors.InvalidInputException or CryptographicException;

    /// <summary>Writes the failure lines of <paramref name="step"/> for the provisioning task, then ends it.</summary>
    private ProvisioningOutcome EndFailed(FailureFacts facts, ProvisioningStep step, string detail, byte? alert = null, string? detailForLog = null)
    {
        WriteFailure(facts, step, StepTable.For(step).OnProvisionFailure, detailForLog ?? detail);
        var error = step is not (ProvisioningStep.ResolveName or ProvisioningStep.Namespace or ProvisioningStep.Certificate);
        return End(facts, new ProvisioningOutcome(facts.Uuid, facts.Peer, facts.Fqdn, false, step, detail, alert, StepError: error));
    }

    private ProvisioningOutcome End(FailureFacts facts, ProvisioningOutcome outcome)
    {
        if (outcome.Succeeded)
        {
            AmtSim.Provisioning.Log.Provisioned(_logger, outcome.Uuid, outcome.Fqdn);
        }
        else
        {
            AmtSim.Provisioning.Log.ProvisioningStopped(_logger, outcome.Uuid, outcome.Fqdn, outcome.Step, outcome.Detail);
        }

        outcome = outcome with { At = _time.GetUtcNow() };
        _outcomes.Enqueue(outcome);
        Write(facts, AmtOpMgrMessages.ProvisionTaskEnd);
        return outcome;
    }

    private void WriteFailure(FailureFacts facts, ProvisioningStep step, IReadOnlyList<FailureLine> lines, string detail)
    {
        var entry = StepTable.For(step);
        foreach (var line in lines)
        {
            Write(facts, line.Message, [.. line.Arguments.Select(a => a switch
            {
                FailureArgument.StepName => entry.LogName,
                FailureArgument.Fqdn => (object)(facts.Fqdn ?? ""),
                FailureArgument.Uuid => facts.Uuid,
                FailureArgument.Peer => facts.Peer,
                FailureArgument.ServerFqdn => facts.ServerFqdn,
                FailureArgument.Detail => detail,
                _ => 0,
            })]);
        }
    }

    private void Write(FailureFacts facts, AmtOpMgrMessage message, params object[] values) => Log.WriteAbout(facts.Subject, _options.WorkerThread, message, values);

    /// <summary>
    /// Asks the enterprise CA for the device's web-server certificate and waits for it the way
    /// the seed-001 log shows: RETRY(1)…RETRY(n) twenty seconds apart, then the two error lines.
    /// </summary>
    private async Task<IssuedCertificate?> RequestDeviceCertificateAsync(FailureFacts facts, int machineId, byte[] csr, CancellationToken ct)
    {
        var fqdn = facts.Fqdn!;
        void write(AmtOpMgrMessage message, object[] values) => Write(facts, message, values);
        var template = _options.Ca.Templates.FirstOrDefault(t => string.Equals(t.Name, _options.WebServerTemplate, StringComparison.OrdinalIgnoreCase));
        if (template is { UsableByConfigurationManager: false })
        {
            write(AmtOpMgrMessages.TemplateNotSupported, [template.Name]);
            write(AmtOpMgrMessages.CantFinishProvision, [fqdn, 0]);
            return null;
        }

        write(AmtOpMgrMessages.SendProxyRequest, [machineId]);
        switch (Faults?.Take(facts.Uuid, ProvisioningStep.CaRequest))
        {
            case { Kind: FaultKind.CaUnavailable }:
                throw new IOException("the enterprise CA is not available: The RPC server is unavailable. 0x800706ba (injected fault)");
            case { Kind: FaultKind.Stall }:
                using (var timeout = new CancellationTokenSource(_options.ExchangeTimeout, _time))
                using (var either = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token))
                {
                    try
                    {
                        await _work.ParkUntilCancelledAsync(either.Token);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        throw new IOException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the enterprise CA did not answer within {_options.ExchangeTimeout.TotalSeconds} s (injected fault)"));
                    }
                }

                break;
        }

        var request = _options.Ca.Submit(csr, _options.WebServerTemplate, fqdn);
        write(AmtOpMgrMessages.ProxyInstructionCreated, [_options.ProxyInboxPath]);
        for (var attempt = 1; attempt <= _options.CertificateRetries; attempt++)
        {
            write(AmtOpMgrMessages.RetryValidateClientCert, [attempt, fqdn]);
            var current = _options.Ca.Get(request.Id);
            if (current.Disposition == RequestDisposition.Issued)
            {
                return current.Issued;
            }

            if (attempt < _options.CertificateRetries)
            {
                write(AmtOpMgrMessages.WaitForClientCert, [fqdn]);
                write(AmtOpMgrMessages.WorkerWakesUp, []);
                write(AmtOpMgrMessages.WorkerWait, []);
                await _work.DelayAsync(_options.CertificateRetryInterval, _time, ct);
            }
        }

        write(AmtOpMgrMessages.MissedDeviceCertificate, [machineId]);
        write(AmtOpMgrMessages.CantFinishProvision, [fqdn, 0]);
        return null;
    }

    /// <summary>True when the chain's root (SHA-1, SHA-256 or SHA-384) is among the hello's hashes; a chain without its root is tried anyway.</summary>
    private static bool RootMatchesHello(ProvisioningCredential credential, PkiHello hello)
    {
        var top = credential.Chain[^1];
        if (!top.SubjectName.RawData.AsSpan().SequenceEqual(top.IssuerName.RawData))
        {
            return true;
        }

        return hello.Hashes.Any(h => h.Hash.Span.SequenceEqual(h.Type.Compute(top.RawData)));
    }

    /// <summary>A PKCS#10 request for CN=fqdn over the device's public key with an empty signature; the device signs it (GeneratePKCS10RequestEx).</summary>
    /// <remarks>
    /// The key goes into the request as the device reported it, after a structural check
    /// (RSAPublicKey: SEQUENCE of modulus and exponent, DER, nothing after); importing it into
    /// OpenSSL only to export the same bytes again cost more than the rest of the request.
    /// </remarks>
    private static byte[] NullSignedRequest(string fqdn, byte[] rsaPublicKeyDer)
    {
        try
        {
            var reader = new AsnReader(rsaPublicKeyDer, AsnEncodingRules.DER);
            var key = reader.ReadSequence();
            key.ReadInteger();
            key.ReadInteger();
            key.ThrowIfNotEmpty();
            reader.ThrowIfNotEmpty();
        }
        catch (AsnContentException ex)
        {
            throw new FormatException($"the device's DERKey is not a DER RSAPublicKey ({ex.Message})", ex);
        }

        var publicKey = new PublicKey(new Oid(RsaEncryptionOid), new AsnEncodedData([0x05, 0x00]), new AsnEncodedData(rsaPublicKeyDer));
        var request = new CertificateRequest(new X500DistinguishedName($"CN={fqdn}"), publicKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSigningRequest(new NullSignatureGenerator(publicKey));
    }

    private sealed class NullSignatureGenerator(PublicKey key) : X509SignatureGenerator
    {
        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
            => Convert.FromHexString("300d06092a864886f70d01010b0500");

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => new byte[256];

        protected override PublicKey BuildPublicKey() => key;
    }
}
