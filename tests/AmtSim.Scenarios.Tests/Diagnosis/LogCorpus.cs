namespace AmtSim.Scenarios.Tests.Diagnosis;

/// <summary>fixtures/logs: every log file and its expected verdict (<c>NAME.expected</c> beside it).</summary>
internal static class LogCorpus
{
    public static string Directory { get; } = Path.Combine(RepositoryRoot(), "fixtures", "logs");

    public static IEnumerable<string> Files() => System.IO.Directory.EnumerateFiles(Directory)
        .Where(f => File.Exists(f + ".expected"))
        .Select(Path.GetFileName)
        .OfType<string>()
        .Order(StringComparer.Ordinal);

    public static string PathOf(string name) => Path.Combine(Directory, name);

    public static Dictionary<string, string> Expected(string name) => File.ReadAllLines(PathOf(name) + ".expected")
        .Where(l => l.Contains(':', StringComparison.Ordinal))
        .ToDictionary(l => l[..l.IndexOf(':', StringComparison.Ordinal)].Trim(), l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), StringComparer.Ordinal);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AmtSim.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AmtSim.sln not found above the test's folder");
    }
}
