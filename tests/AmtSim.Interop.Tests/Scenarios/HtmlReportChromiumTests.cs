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
    /// <summary>A fleet of 30 (more than the report shows one by one) with a scope on the wrong option 15.</summary>
    private const string Fleet = """
        name: report-fleet-wrong-option15
        seed: 3
        run-for: 2h
        network:
          scopes:
            - { name: hq, option15: contoso.com, devices: 24 }
            - { name: lab, option15: fabrikam.com, devices: 6 }
        expect:
          counts: { post: 24, DomainSuffixMismatch: 6 }
        """;

    private static async Task<byte[]> ScreenshotAsync(string html, string name, int height)
    {
        var artifacts = Path.Combine(RepoFixtures.RepositoryRoot, "out", "test-artifacts");
        Directory.CreateDirectory(artifacts);
        var page = Path.Combine(artifacts, name + ".html");
        var png = Path.Combine(artifacts, name + ".png");
        await File.WriteAllTextAsync(page, html);
        File.Delete(png);
        var profile = Directory.CreateTempSubdirectory("amtsim-chromium-").FullName;
        try
        {
            var result = await ExternalProgram.RunAsync("chromium",
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", $"--screenshot={png}", $"--window-size=1280,{height}", new Uri(page).AbsoluteUri,
            ], timeout: TimeSpan.FromMinutes(2));
            Assert.True(File.Exists(png), "chromium wrote no screenshot: " + result.All);
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }

        return await File.ReadAllBytesAsync(png);
    }

    // issue 18 item 3: the fleet report shows a refused device in detail with its sequence diagram, and the picture shows it.
    [RequiresProgramFact("chromium", "apt-get install chromium")]
    public async Task Render_FleetWithARefusedScope_ScreenshotShowsTheChartAndTheRefusedDevicesSequenceDiagram()
    {
        var scenario = ScenarioLoader.Parse(Fleet, "report-fleet.yaml");
        using var partition = PartitionClaim.ClaimFree(1);
        var runner = new ScenarioRunner(new WorldExecutor(RepoFixtures.PkiDirectory));
        var results = await runner.RunAllAsync([scenario], new RunOptions { WorkDirectory = Path.Combine(Path.GetTempPath(), "amtsim-report-fleet-test"), Partition = partition.Partitions[0] }, null, CancellationToken.None);
        Assert.Equal(Verdict.Passed, Assert.Single(results).Verdict);
        var html = HtmlReport.Render(results, runSeed: null, DateTimeOffset.UnixEpoch);

        // The refused group comes first and its example device is shown with an open diagram that ends in the refusal.
        var refused = html.IndexOf("DomainSuffixMismatch</td></tr>", StringComparison.Ordinal);
        var diagram = html.IndexOf("<details class=\"flow\" open><summary>sequence diagram</summary><svg class=\"sequence\"", StringComparison.Ordinal);
        var provisioned = html.IndexOf("post/admin", StringComparison.Ordinal);
        Assert.True(refused > 0 && diagram > refused && provisioned > diagram, $"refused row at {refused}, open diagram at {diagram}, first provisioned device at {provisioned}");
        Assert.Contains("✗ end: pre, DomainSuffixMismatch", html, StringComparison.Ordinal);
        Assert.Contains("(&#215;", html[diagram..provisioned], StringComparison.Ordinal); // the hourly hellos as one row with a count (×)

        var pixels = PngPixels.Decode(await ScreenshotAsync(html, "report-fleet", 1800));
        Assert.Equal((1280, 1800), (pixels.Width, pixels.Height));
        // Not blank: the page's own colours are drawn, in the amounts the report puts on screen.
        var background = pixels.Count("#fafbfc", 2) + pixels.Count("#ffffff", 2);
        Assert.True(background < pixels.Width * pixels.Height * 0.97, $"{background} of {pixels.Width * pixels.Height} pixels are background: a blank page?");
        Assert.True(pixels.Count("#1f883d") > 2_000, "the chart's green bar (24 provisioned) is not on screen");
        Assert.True(pixels.Count("#cf222e") > 500, "the red of the refused scope and of the diagram's refusal is not on screen");
        Assert.True(pixels.Count("#d5dae1", 6) > 1_000, "no table borders or diagram lifelines on screen");
        // Below the chart and the group table the refused device's diagram is drawn: a pixel row crossing its four lane
        // headers (four 160-pixel boxes of the header grey, unlike a table header row, which spans the table), then its red end.
        var lanes = Enumerable.Range(500, pixels.Height - 500).FirstOrDefault(y => pixels.Crop(y, y + 1).Count("#eef1f5", 3) is >= 500 and <= 700, -1);
        Assert.True(lanes > 0, "no row of the screenshot crosses the sequence diagram's four lane headers");
        Assert.True(pixels.Crop(lanes, Math.Min(lanes + 500, pixels.Height)).Count("#cf222e") > 100, $"the diagram's red refusal is not on screen below its lane headers (at y {lanes})");
    }

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
