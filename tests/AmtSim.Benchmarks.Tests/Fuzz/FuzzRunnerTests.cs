using AmtSim.Benchmarks.Fuzz;
using AmtSim.Testing.Fixtures;
using Xunit;

namespace AmtSim.Benchmarks.Tests.Fuzz;

/// <summary>
/// The small-budget form of `amtsim fuzz` that runs in CI (issue 17): every parser, a few thousand
/// seeded mutations, no crash and no hang. The hang limit is a generous guard, not a timing assertion.
/// </summary>
public class FuzzRunnerTests
{
    private const int Inputs = 2_000;
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    public static TheoryData<string> Targets => [.. FuzzTargets.All(null).Select(t => t.Name)];

    private static (FuzzTarget Target, int Index) Find(string name)
    {
        var all = FuzzTargets.All(Path.Combine(RepoFixtures.RepositoryRoot, "fixtures", "pki"));
        var index = all.ToList().FindIndex(t => t.Name == name);
        return (all[index], index);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Run_SmallBudget_NoCrashAndNoHang(string name)
    {
        var (target, index) = Find(name);

        var report = FuzzRunner.Run(target, index, Inputs, runSeed: 1, HangGuard, measureGrowth: false);

        Assert.Equal(Inputs, report.Inputs);
        Assert.True(report.Findings.Count == 0, string.Join("\n", report.Findings.Select(f => $"{f.Kind} at {f.Index}: {f.Error}; input {Convert.ToHexString(f.Input.AsSpan(0, Math.Min(f.Input.Length, 200)))}")));
    }

    [Fact]
    public void Run_SameSeed_SameInputsAndVerdicts()
    {
        var (target, index) = Find("http");

        var first = FuzzRunner.Run(target, index, 500, runSeed: 7, HangGuard, measureGrowth: false);
        var second = FuzzRunner.Run(target, index, 500, runSeed: 7, HangGuard, measureGrowth: false);
        var other = FuzzRunner.Run(target, index, 500, runSeed: 8, HangGuard, measureGrowth: false);

        Assert.Equal(first.Rejected, second.Rejected);
        Assert.NotEqual(first.Rejected, other.Rejected);
    }

    [Fact]
    public void Run_ParserThatThrowsSomethingElse_ReportsACrashWithTheInput()
    {
        var target = new FuzzTarget("broken", [[1, 2, 3]], bytes => throw new InvalidOperationException("boom " + bytes.Length), n => new byte[n]);

        var report = FuzzRunner.Run(target, 0, 5, runSeed: 1, HangGuard, measureGrowth: false, maxFindings: 3);

        Assert.Equal(3, report.Findings.Count);
        Assert.All(report.Findings, f => Assert.Equal("crash", f.Kind));
        Assert.Equal([1, 2, 3], report.Findings[0].Input);
    }
}
