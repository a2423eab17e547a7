using AmtSim.Runtime.Time;
using AmtSim.Provisioning.Sccm.Log;
using AmtSim.Scenarios.Diagnosis;
using AmtSim.Scenarios.Diagnosis.Emission;
using AmtSim.Scenarios.Diagnosis.Reading;
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
    public void Diagnose_ApplyControlTokenBeforeTheDisconnect_IsNotTheTlsSignature()
    {
        var report = Diagnose("**** Error 0x382b948 returned by ApplyControlToken\nServer unexpectedly disconnected when TLS handshaking.\n");

        Assert.Null(report.Verdict);
        Assert.Contains(report.Closest, c => c.Signature.Id == "sccm-expired-intermediate" && c.Missing.Contains("ApplyControlTokenError"));
    }

    [Fact]
    public void Diagnose_MissedCertificateWithoutRetries_IsNoKnownFailureWithTheClosestCandidate()
    {
        var report = Diagnose("Error: Missed device certificate. To provision device with TLS server or Mutual authentication mode, device certficate is required. (MachineId = 7)\n");

        Assert.Null(report.Verdict);
        var closest = report.Closest[0];
        Assert.Equal("sccm-ca-pending-requests", closest.Signature.Id);
        Assert.Contains("RetryValidateClientCert", closest.Why, StringComparison.Ordinal);
        Assert.Contains("line 1", closest.Why, StringComparison.Ordinal);
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
