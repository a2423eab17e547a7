using System.Buffers.Binary;
using AmtSim.Scenarios.Loading;
using AmtSim.Scenarios.Reports;
using AmtSim.Scenarios.Running;
using AmtSim.Scenarios.World;
using AmtSim.Testing;
using AmtSim.Testing.Fixtures;
using Xunit;

namespace AmtSim.Interop.Tests.Scenarios;

/// <summary>The HTML report is self-contained and renders in a real browser (headless Chromium); the screenshot is kept as a test artifact in out/test-artifacts.</summary>
public class HtmlReportChromiumTests
{
    [RequiresProgramFact("chromium", "apt-get install chromium")]
    public async Task Render_ReportOfTwoScenarios_HeadlessChromiumDrawsIt()
    {
        var runner = new ScenarioRunner(new WorldExecutor(RepoFixtures.PkiDirectory));
        var scenarios = new[] { "expired-intermediate.yaml", "missing-auto-approval.yaml" }
            .Select(f => ScenarioLoader.LoadFile(Path.Combine(RepoFixtures.RepositoryRoot, "scenarios", f))).ToList();
        var results = await runner.RunAllAsync(scenarios, new RunOptions { WorkDirectory = Path.Combine(Path.GetTempPath(), "amtsim-report-test"), Partition = 12 }, null, CancellationToken.None);
        var html = HtmlReport.Render(results, runSeed: null, DateTimeOffset.UnixEpoch);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html.Replace("http://schemas", "", StringComparison.Ordinal).Replace("http://intel.com", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var artifacts = Path.Combine(RepoFixtures.RepositoryRoot, "out", "test-artifacts");
        Directory.CreateDirectory(artifacts);
        var page = Path.Combine(artifacts, "report.html");
        var png = Path.Combine(artifacts, "report.png");
        await File.WriteAllTextAsync(page, html);
        File.Delete(png);
        var profile = Directory.CreateTempSubdirectory("amtsim-chromium-").FullName;
        try
        {
            var result = await ExternalProgram.RunAsync("chromium",
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", $"--screenshot={png}", "--window-size=1280,1400", new Uri(page).AbsoluteUri,
            ], timeout: TimeSpan.FromMinutes(2));
            Assert.True(File.Exists(png), "chromium wrote no screenshot: " + result.All);
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }

        var bytes = await File.ReadAllBytesAsync(png);
        Assert.Equal("89504E470D0A1A0A", Convert.ToHexString(bytes, 0, 8));
        Assert.Equal(1280, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.True(bytes.Length > 20_000, $"the screenshot is only {bytes.Length} bytes: an empty page?");
    }
}
