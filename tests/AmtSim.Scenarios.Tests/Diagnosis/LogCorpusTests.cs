using AmtSim.Runtime.Errors;
using AmtSim.Scenarios.Diagnosis;
using AmtSim.Scenarios.Diagnosis.Reading;
using AmtSim.Scenarios.Diagnosis.Signatures;
using Xunit;

namespace AmtSim.Scenarios.Tests.Diagnosis;

public class LogCorpusTests
{
    public static TheoryData<string> Files() => [.. LogCorpus.Files()];

    [Theory]
    [MemberData(nameof(Files))]
    public void Diagnose_CorpusFile_GivesTheExpectedVerdict(string name)
    {
        var expected = LogCorpus.Expected(name);
        LogDocument log;
        try
        {
            log = LogFileReader.Read(LogCorpus.PathOf(name));
        }
        catch (InvalidInputException ex)
        {
            Assert.True(expected.GetValueOrDefault("verdict") == "read-error", $"{name}: unexpected read error: {ex.Message}");
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
            return;
        }

        Assert.NotEqual("read-error", expected.GetValueOrDefault("verdict"));
        var report = new Diagnoser().Diagnose(log);
        if (expected.GetValueOrDefault("verdict") == "none")
        {
            Assert.True(report.Verdict is null, $"{name}: expected no known failure, got {report.Verdict?.Signature.Id}");
            return;
        }

        Assert.True(report.Verdict is not null, $"{name}: no verdict; closest: {string.Join("; ", report.Closest.Select(c => $"{c.Signature.Id}: {c.Why}"))}");
        Assert.Equal(expected["signature"], report.Verdict.Signature.Id);
        Assert.Equal(expected["family"], report.Verdict.Signature.Family.Name());
        foreach (var also in (expected.GetValueOrDefault("also") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Assert.True(report.Alternatives.Concat(report.OtherFailures).Any(c => c.Signature.Id == also),
                $"{name}: {also} is neither another failure nor a candidate; failures: {string.Join(", ", report.Failures.Select(f => f.Signature.Id))}");
        }

        foreach (var (key, value) in expected.Where(kv => kv.Key.StartsWith("fact.", StringComparison.Ordinal)))
        {
            Assert.True(report.Verdict.Facts.TryGetValue(key[5..], out var values), $"{name}: fact {key[5..]} not extracted");
            Assert.Contains(value, values);
        }

        if (expected.TryGetValue("format", out var format))
        {
            Assert.Equal(format, log.DominantFormat switch
            {
                LogRecordFormat.CmTrace => "cmtrace",
                LogRecordFormat.Sccm2007 => "sccm2007",
                LogRecordFormat.ViewerColumns => "viewer",
                _ => "text",
            });
        }

        // Every piece of evidence points at a physical line of the file that holds (the start of) the matched text.
        Assert.All(report.Verdict.Evidence, h => Assert.InRange(h.Line, 1, CountLines(log)));
    }

    [Fact]
    public void Corpus_EverySeedExcerptInAllThreeFormats_IsPresent()
    {
        var files = LogCorpus.Files().ToList();
        foreach (var excerpt in new[] { "seed000-expiry-warning", "seed000-expired", "seed001-tls", "seed001-ca-pending" })
        {
            foreach (var format in new[] { "cmtrace", "sccm2007", "viewer" })
            {
                Assert.Contains($"{excerpt}.{format}.log", files);
            }
        }
    }

    [Fact]
    public void Corpus_RealExcerpts_AreAtLeastFortyEachWithItsSource()
    {
        // issue 16: excerpts of real logs from public threads and code, each with where it comes from.
        var real = LogCorpus.Files().Where(f => f.StartsWith("real-", StringComparison.Ordinal)).ToList();

        Assert.True(real.Count >= 40, $"{real.Count} real excerpts");
        Assert.All(real, f => Assert.False(string.IsNullOrWhiteSpace(LogCorpus.Expected(f).GetValueOrDefault("source")), $"{f} has no source"));
        Assert.Contains(real, f => LogCorpus.Expected(f).GetValueOrDefault("verdict") == "none");
    }

    [Fact]
    public void Corpus_EveryFamilyOfTheCatalogue_HasAFileDiagnosedToIt()
    {
        var families = LogCorpus.Files().Select(LogCorpus.Expected).Select(e => e.GetValueOrDefault("family")).OfType<string>().ToHashSet();
        var missing = FailureFamilies.Names.Keys.Where(f => !families.Contains(f)).ToList();
        Assert.Empty(missing);
    }

    private static int CountLines(LogDocument log) => log.Records.Count == 0 ? 0 : log.Records.Max(r => r.Segments[^1].Line);
}
