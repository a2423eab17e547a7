using AmtSim.Runtime.Time;
using AmtSim.Provisioning.Sccm.Log;
using AmtSim.Scenarios.Diagnosis.Emission;
using AmtSim.Scenarios.Diagnosis.Reading;
using AmtSim.Scenarios.Diagnosis.Signatures;
using Xunit;

namespace AmtSim.Scenarios.Tests.Diagnosis;

/// <summary>
/// Every SCCM signature, written by the service point's own log writer in each of its formats,
/// diagnoses back to itself (as the verdict, or as a candidate on the verdict's lines when several
/// causes write the same lines). The scenario-level round trip (issue 7) builds on this once the runner exists.
/// </summary>
public class SimulatorLogRoundTripTests
{
    private static readonly Dictionary<string, object> HoleValues = new(StringComparer.Ordinal)
    {
        ["Fqdn"] = "amt-0.contoso.com",
        ["Thumbprint"] = "55B7AF313A725CA10BB47A382494A3BD2927D1FB",
        ["Days"] = 4,
        ["CertId"] = 1,
        ["Attempt"] = 1,
        ["MachineId"] = 16777216,
        ["Code"] = 0,
        ["InboxPath"] = @"D:\SMS\inboxes\amtproxymgr.box",
        ["Uuid"] = "939b524b-13d4-1d18-e487-1c697a6b7a2b",
        ["Address"] = "127.16.0.5",
        ["ServicePointFqdn"] = "oobsp.northwindtraders.com",
        ["Template"] = "AMT Web Server",
        ["Version"] = 3,
        ["Retry"] = 0,
        ["Problem"] = "length 3 is below 25",
        ["Call"] = "SetMEBxPassword",
        ["Detail"] = "fault",
    };

    public static TheoryData<string, LogFormat> SccmSignatures()
    {
        var data = new TheoryData<string, LogFormat>();
        foreach (var s in SignatureCatalogue.Default.Signatures.Where(s => s.Evidence.Where(e => e.Decisive).All(e => e.Matchers[0].MessageId is not null)))
        {
            foreach (var format in Enum.GetValues<LogFormat>())
            {
                data.Add(s.Id, format);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SccmSignatures))]
    public void Diagnose_SignatureWrittenBySimulator_GivesItBack(string id, LogFormat format)
    {
        var signature = SignatureCatalogue.Default.Find(id)!;
        var log = new AmtOpMgrLog(new VirtualTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero)));
        foreach (var e in signature.Evidence)
        {
            var message = AmtOpMgrMessages.All.FirstOrDefault(m => m.Id == e.Matchers[0].MessageId);
            if (message is not null)
            {
                log.WriteAbout("d", 4132, message, [.. message.Holes.Select(h => HoleValues[h])]);
            }
        }

        var text = log.Render(format);
        var result = new RoundTripVerifier((_, _) => Task.FromResult(text)).Check(LogFileReader.FromText(text, "sim.log"), id);

        Assert.True(result.Reproduced, $"{id} in {format}: {result.Detail}");
    }

    [Fact]
    public void SccmSignatures_IncludeEverySeedDocumentedFailure()
    {
        var ids = SccmSignatures().Select(row => (string)row[0]).ToHashSet();

        Assert.All(
            new[] { "sccm-expired-intermediate", "sccm-pfx-without-chain", "sccm-ca-pending-requests", "sccm-provisioning-certificate-expired", "sccm-provisioning-certificate-expiring" },
            id => Assert.Contains(id, ids));
    }
}
