using System.Text.RegularExpressions;
using AmtSim.Scenarios.Loading;
using AmtSim.Scenarios.Model;

namespace AmtSim.Scenarios.Running;

/// <summary>Finds scenario files under the given paths and loads them strictly.</summary>
public static class ScenarioDiscovery
{
    /// <summary>Every *.yaml / *.yml under the paths (files as given, folders recursively), sorted, filtered by a glob on the scenario name or file name.</summary>
    public static IReadOnlyList<string> FindFiles(IEnumerable<string> paths, string? filter)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var p in paths)
        {
            if (File.Exists(p))
            {
                files.Add(p);
            }
            else if (Directory.Exists(p))
            {
                foreach (var f in Directory.EnumerateFiles(p, "*.*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)))
                {
                    files.Add(f);
                }
            }
            else
            {
                throw new ScenarioFormatException(p, 0, 0, "no such file or folder");
            }
        }

        if (filter is null)
        {
            return [.. files];
        }

        var glob = Glob(filter);
        return [.. files.Where(f => glob.IsMatch(Path.GetFileNameWithoutExtension(f)) || glob.IsMatch(Path.GetFileName(f)) || glob.IsMatch(f))];
    }

    /// <summary>Loads every file; all load errors are collected (one bad file does not hide the others).</summary>
    public static (IReadOnlyList<Scenario> Scenarios, IReadOnlyList<ScenarioFormatException> Errors) LoadAll(IEnumerable<string> files, ScenarioLoadContext? context = null)
    {
        var scenarios = new List<Scenario>();
        var errors = new List<ScenarioFormatException>();
        foreach (var f in files)
        {
            try
            {
                scenarios.Add(ScenarioLoader.LoadFile(f, context));
            }
            catch (ScenarioFormatException ex)
            {
                errors.Add(ex);
            }
        }

        // A second file with a name already taken is invalid (and not run): names key the run folders and reports.
        foreach (var dup in scenarios.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).ToList())
        {
            foreach (var later in dup.Skip(1))
            {
                errors.Add(new ScenarioFormatException(later.File, 1, 1, $"scenario name '{dup.Key}' is also used by {dup.First().File}"));
                scenarios.Remove(later);
            }
        }

        return (scenarios, errors);
    }

    private static Regex Glob(string pattern)
        => new("^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant);
}
