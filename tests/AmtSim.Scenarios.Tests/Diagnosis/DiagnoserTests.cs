using AmtSim.Runtime.Time;
using AmtSim.Provisioning.Sccm.Log;
using AmtSim.Scenarios.Diagnosis;
using AmtSim.Scenarios.Diagnosis.Emission;
using AmtSim.Scenarios.Diagnosis.Reading;
using AmtSim.Scenarios.Diagnosis.Signatures;
using Xunit;

namespace AmtSim.Scenarios.Tests.Diagnosis;

public class DiagnoserTests
{
    private static DiagnosisReport Diagnose(string text) => new Diagnoser().Diagnose(LogFileReader.FromText(text, "t.log"));

    [Fact]
    public void Diagnose_Seed001TlsLines_NamesExpiredIntermediateAndRanksTheOtherCauses()
    {
        var report = Diagnose("Try to use provisioning account to connect target machine a.contoso.com...\nServer unexpectedly disconnected when TLS handshaking.\n**** Error 0x382b948 returned by ApplyControlToken\n");

        Assert.Equal("sccm-expired-intermediate", report.Verdict?.Signature.Id);
        Assert.Equal(
            ["sccm-pfx-without-chain", "sccm-untrusted-root", "sccm-domain-suffix-mismatch", "sccm-missing-oid-ou-handshake", "sccm-sha1-chain-on-new-firmware"],
            report.Alternatives.Select(c => c.Signature.Id));
        Assert.All(report.Alternatives, c => Assert.False(string.IsNullOrEmpty(c.Why)));
        Assert.Equal([1, 2, 3], report.Verdict!.Evidence.Select(h => h.Line));
        Assert.Equal(["0x382b948"], report.Verdict.Facts["error-codes"]);
    }

    [Fact]
    public void Diagnose_ApplyControlTokenBeforeTheDisconnect_CountsOnlyTheDisconnect()
    {
        var ordered = Diagnose("Server unexpectedly disconnected when TLS handshaking.\n**** Error 0x382b948 returned by ApplyControlToken\n");
        var reversed = Diagnose("**** Error 0x382b948 returned by ApplyControlToken\nServer unexpectedly disconnected when TLS handshaking.\n");

        Assert.Equal("sccm-expired-intermediate", reversed.Verdict?.Signature.Id);
        Assert.Equal(["TlsHandshakeDisconnected"], reversed.Verdict!.Evidence.Select(h => h.Key));
        Assert.True(reversed.Verdict.Confidence < ordered.Verdict!.Confidence);
    }

    [Theory]
    [InlineData("Error 0x6fcb970 returned by ApplyControlToken")]
    [InlineData("**** Error 0x5a1b948 returned by ApplyControlToken  $$<SMS_AMT_OPERATION_MANAGER><06-01-2026 12:00:00.000+000><thread=4132 (0x1024)>")]
    [InlineData("Server unexpectedly disconnected when TLS handshaking.")]
    public void Diagnose_OneTlsLineFromAnotherSite_NamesTheChainFamilyAtLowConfidence(string line)
    {
        // issue 16: the code after "Error" is not a constant, and one line of the triplet is enough.
        var report = Diagnose(line + "\n");

        Assert.Equal("sccm-expired-intermediate", report.Verdict?.Signature.Id);
        Assert.Equal(FailureFamily.ChainTlsHandshake, report.Verdict!.Signature.Family);
        Assert.Equal("medium", report.Verdict.ConfidenceLevel);
        Assert.Contains(report.Alternatives, c => c.Signature.Id == "sccm-pfx-without-chain");
    }

    [Fact]
    public void Diagnose_FullTriplet_HasFullConfidence()
    {
        var report = Diagnose("Try to use provisioning account to connect target machine a.contoso.com...\nServer unexpectedly disconnected when TLS handshaking.\n**** Error 0x382b948 returned by ApplyControlToken\n");

        Assert.Equal(100, report.Verdict!.Confidence);
        Assert.Equal("high", report.Verdict.ConfidenceLevel);
    }

    [Fact]
    public void Diagnose_MissedCertificateLineAlone_NamesCaApprovalAtLowConfidence()
    {
        var report = Diagnose("Error: Missed device certificate. To provision device with TLS server or Mutual authentication mode, device certficate is required. (MachineId = 7)\n");

        Assert.Equal("sccm-ca-pending-requests", report.Verdict?.Signature.Id);
        Assert.Equal("low", report.Verdict!.ConfidenceLevel);
        Assert.Equal(["7"], report.Verdict.Facts["machine-id"]);
    }

    [Fact]
    public void Diagnose_TwoFailuresOnDifferentLines_NamesBothWithTheirOwnLines()
    {
        var report = Diagnose(string.Join("\n",
            "Server unexpectedly disconnected when TLS handshaking.",
            "**** Error 0x382b948 returned by ApplyControlToken",
            "Error: Missed device certificate. To provision device with TLS server or Mutual authentication mode, device certficate is required. (MachineId = 7)"));

        var ids = report.Failures.Select(f => f.Signature.Id).ToList();
        Assert.Equal(2, ids.Count);
        Assert.Contains("sccm-expired-intermediate", ids);
        Assert.Contains("sccm-ca-pending-requests", ids);
        Assert.Equal([3], report.Failures.Single(f => f.Signature.Id == "sccm-ca-pending-requests").Evidence.Select(h => h.Line));
        Assert.Equal([1, 2], report.Failures.Single(f => f.Signature.Id == "sccm-expired-intermediate").Evidence.Select(h => h.Line));
        // The other causes of the TLS lines are alternatives, not more failures.
        Assert.DoesNotContain(report.OtherFailures, c => c.Signature.Id == "sccm-pfx-without-chain");
    }

    [Fact]
    public void Diagnose_HappyPathWithOneRetry_IsNoKnownFailure()
    {
        // A first RETRY(1) is normal (the CA issues within 20 s); only "Missed device certificate" is the failure.
        var report = Diagnose(string.Join("\n",
            AmtOpMgrMessages.SendProxyRequest.Render(60752),
            AmtOpMgrMessages.RetryValidateClientCert.Render(1, "d.contoso.com"),
            AmtOpMgrMessages.ProvisionSucceeded.Render("d.contoso.com", 60752)));

        Assert.Null(report.Verdict);
    }

    [Fact]
    public void Diagnose_HelloLineOnly_IsNoKnownFailure()
    {
        var report = Diagnose("Received provisioning request from AMT device 939b524b-13d4-1d18-e487-1c697a6b7a2b at 10.0.0.5 (hello version 3, retry 0).\n");

        Assert.Null(report.Verdict);
    }

    [Fact]
    public void Diagnose_RetrySequence_TakesTheHighestRetryCount()
    {
        var lines = Enumerable.Range(1, 3).Select(n => AmtOpMgrMessages.RetryValidateClientCert.Render(n, "d.contoso.com"))
            .Append(AmtOpMgrMessages.MissedDeviceCertificate.Render(42));

        var report = Diagnose(string.Join("\n", lines));

        Assert.Equal("sccm-ca-pending-requests", report.Verdict?.Signature.Id);
        Assert.Equal(["3"], report.Verdict!.Facts["retries"]);
        Assert.Equal(["42"], report.Verdict.Facts["machine-id"]);
    }

    [Fact]
    public void Diagnose_NothingKnown_GivesNoVerdictAndNoCandidates()
    {
        var report = Diagnose("All good here.\n");

        Assert.False(report.KnownFailure);
        Assert.Empty(report.Closest);
    }

    [Theory]
    [InlineData(LogFormat.CmTrace)]
    [InlineData(LogFormat.Sccm2007)]
    [InlineData(LogFormat.ViewerColumns)]
    public void RoundTrip_SimulatorLogInEveryFormat_GivesTheSignatureBack(LogFormat format)
    {
        // What --verify will do once the runner exists: the service point's own log, rendered, diagnosed.
        var time = new VirtualTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var log = new AmtOpMgrLog(time);
        log.WriteAbout("d", 4132, AmtOpMgrMessages.TryProvisioningAccount, "amt-0.contoso.com");
        log.WriteAbout("d", 4132, AmtOpMgrMessages.TlsHandshakeDisconnected);
        log.WriteAbout("d", 4132, AmtOpMgrMessages.ApplyControlTokenError);
        var verifier = new RoundTripVerifier((_, _) => Task.FromResult(log.Render(format)));

        var result = verifier.Check(LogFileReader.FromText(log.Render(format), "sim.log"), "sccm-pfx-without-chain");

        Assert.True(result.Reproduced, result.Detail);
        Assert.Equal("sccm-expired-intermediate", result.ObservedSignatureId);
        Assert.False(verifier.Check(LogFileReader.FromText(log.Render(format), "sim.log"), "sccm-ca-pending-requests").Reproduced);
    }
}
