using AmtSim.Scenarios.Diagnosis;
using AmtSim.Scenarios.Diagnosis.Emission;
using AmtSim.Scenarios.Diagnosis.Reading;
using AmtSim.Scenarios.Diagnosis.Signatures;
using AmtSim.Scenarios.Loading;
using AmtSim.Scenarios.Model;
using Xunit;

namespace AmtSim.Scenarios.Tests.Diagnosis;

public class ScenarioEmitterTests
{
    public static TheoryData<string> SignatureIds() => [.. SignatureCatalogue.Default.Signatures.Select(s => s.Id)];

    public static TheoryData<string> CorpusWithVerdict() =>
        [.. LogCorpus.Files().Where(f => LogCorpus.Expected(f).ContainsKey("signature"))];

    [Theory]
    [MemberData(nameof(SignatureIds))]
    public void Emit_EverySignatureWithAndWithoutFacts_IsAScenarioTheLoaderAccepts(string id)
    {
        var signature = SignatureCatalogue.Default.Find(id)!;
        var facts = new Dictionary<string, IReadOnlyList<string>>
        {
            ["device-fqdn"] = ["vprosystem.subdomain.mydomain.com"],
            ["thumbprint"] = ["55B7AF313A725CA10BB47A382494A3BD2927D1FB"],
            ["days-left"] = ["4"],
            ["retries"] = ["5"],
        };

        foreach (var f in new[] { new Dictionary<string, IReadOnlyList<string>>(), facts })
        {
            var yaml = ScenarioEmitter.Emit(Report(signature, f));

            var scenario = ScenarioLoader.Parse(yaml, $"{id}.yaml");

            Assert.Equal($"repro-customer-{id}", scenario.Name);
            Assert.NotEqual(TimeSpan.FromHours(1), scenario.RunFor);
            Assert.Contains(id, scenario.Description, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(CorpusWithVerdict))]
    public void Emit_CorpusLog_IsAScenarioTheLoaderAccepts(string name)
    {
        var report = new Diagnoser().Diagnose(LogFileReader.Read(LogCorpus.PathOf(name)));

        var scenario = ScenarioLoader.Parse(ScenarioEmitter.Emit(report), "emitted.yaml");

        Assert.Contains(report.Verdict!.Signature.Id, scenario.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Emit_CaPendingLog_FillsSuffixServerRetriesAndPolicy()
    {
        var report = new Diagnoser().Diagnose(LogFileReader.Read(LogCorpus.PathOf("seed001-ca-pending.sccm2007.log")));

        var scenario = ScenarioLoader.Parse(ScenarioEmitter.Emit(report), "emitted.yaml");

        Assert.Equal(CaPolicy.Pending, scenario.Ca.Policy);
        Assert.Equal("subdomain.mydomain.com", scenario.Network.Scopes[0].Option15);
        Assert.Equal(ScenarioEmitter.FixtureDomain, scenario.Network.Scopes[0].PkiDnsSuffix);
        Assert.Equal("oobsp.subdomain.mydomain.com", scenario.Server.Fqdn);
        Assert.Equal("sccm2007", scenario.Server.LogFormat);
        Assert.Contains(scenario.Expect.Log, l => l.IsRegex && l.Text.Contains(@"RETRY\(5\)", StringComparison.Ordinal));
        Assert.Contains("60752", scenario.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Emit_ExpiryWarning_ShiftsNowSoTheFixtureHasTheLogsDaysLeft()
    {
        var report = new Diagnoser().Diagnose(LogFileReader.FromText(
            "Error: The provisioning certificate with the thumbprint 55B7AF313A725CA10BB47A382494A3BD2927D1FB will expire in 2 day(s). Please ensure that this certificate is renewed. (CertID = 1)", "w.log"));

        var scenario = ScenarioLoader.Parse(ScenarioEmitter.Emit(report), "emitted.yaml");

        Assert.Equal("prov-expiring-4-days", scenario.Pki.ProvisioningCertificate);
        Assert.Equal(Scenario.DefaultNow.AddDays(2), scenario.Now);
        Assert.Contains("55B7AF313A725CA10BB47A382494A3BD2927D1FB", scenario.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Emit_NamespaceMismatch_UsesTheLoggedServicePointAndNoTrustOverride()
    {
        var report = new Diagnoser().Diagnose(LogFileReader.Read(LogCorpus.PathOf("amtsim-namespace-mismatch.sccm2007.log")));

        var scenario = ScenarioLoader.Parse(ScenarioEmitter.Emit(report), "emitted.yaml");

        Assert.Equal("oobsp.contoso.com", scenario.Server.Fqdn);
        Assert.Equal("northwindtraders.com", scenario.Network.Scopes[0].Option15);
        Assert.Null(scenario.Network.Scopes[0].PkiDnsSuffix);
    }

    [Fact]
    public void Emit_NoVerdict_Throws()
    {
        var report = new Diagnoser().Diagnose(LogFileReader.FromText("nothing", "n.log"));

        Assert.Throws<InvalidOperationException>(() => ScenarioEmitter.Emit(report));
    }

    private static DiagnosisReport Report(FailureSignature signature, IReadOnlyDictionary<string, IReadOnlyList<string>> facts)
    {
        var candidate = new Candidate(signature, true, 10, [], [], facts, "");
        return new DiagnosisReport(LogFileReader.FromText("", "customer.log"), candidate, [], []);
    }
}
