namespace AmtSim.Scenarios.Reports;

/// <summary>
/// Which suite a scenario belongs to in reports: its folder relative to the path the run was given
/// (<c>scenarios/interop/x.yaml</c> under <c>scenarios</c> is <c>interop</c>; deeper folders join with
/// dots), <see cref="Core"/> for files directly in it or given one by one.
/// </summary>
public static class ScenarioSuites
{
    public const string Core = "core";

    public static string NameOf(string file, IReadOnlyList<string> roots)
    {
        var full = Path.GetFullPath(file);
        var root = roots
            .Select(r => Path.GetFullPath(r))
            .Where(r => full.StartsWith(r.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .OrderByDescending(r => r.Length)
            .FirstOrDefault();
        if (root is null)
        {
            return Core;
        }

        var relative = Path.GetDirectoryName(Path.GetRelativePath(root, full));
        return string.IsNullOrEmpty(relative) ? Core : relative.Replace(Path.DirectorySeparatorChar, '.');
    }
}
