using System.CommandLine;

namespace AmtSim.Cli.Commands;

/// <summary>
/// <c>amtsim examples --out DIR</c>: writes the shipped scenarios (DIR/scenarios, with their schema
/// in scenarios/README.md) and the launchers the interop ones call (DIR/servers), the same tree as
/// in the repository, so <c>amtsim run DIR/scenarios</c> works wherever the tool is installed.
/// </summary>
internal static class ExamplesCommand
{
    /// <summary>Where the package keeps the examples, beside amtsim.dll (AmtSim.Cli.csproj).</summary>
    public static string Source => Path.Combine(AppContext.BaseDirectory, "examples");

    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder to write into (created if missing).", DefaultValueFactory = _ => "." };
        var force = new Option<bool>("--force") { Description = "Overwrite files that already exist." };
        var command = new Command("examples", "Write the shipped example scenarios (scenarios/, schema in scenarios/README.md) and server launchers (servers/) into a folder.")
        {
            output, force,
        };
        command.SetAction(parse => CliAction.Run(() => Write(parse.GetValue(output)!, parse.GetValue(force))));
        return command;
    }

    private static int Write(string target, bool force)
    {
        if (!Directory.Exists(Source))
        {
            throw new SetupException($"the examples are not beside amtsim ({Source} is missing); reinstall the tool, or run from a checkout where scenarios/ holds them");
        }

        var files = Directory.EnumerateFiles(Source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var existing = files.Select(f => Path.Combine(target, Path.GetRelativePath(Source, f))).Where(File.Exists).ToList();
        if (existing.Count > 0 && !force)
        {
            throw new SetupException($"{existing[0]} already exists{(existing.Count > 1 ? $" (and {existing.Count - 1} more)" : "")}; use --force to overwrite, or another --out");
        }

        foreach (var file in files)
        {
            var destination = Path.Combine(target, Path.GetRelativePath(Source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }

        Console.WriteLine($"amtsim: wrote {files.Count} file(s) to {Path.GetFullPath(target)}");
        Console.WriteLine($"amtsim: next: amtsim run {Path.Combine(target, "scenarios")} --report report.html");
        return ExitCodes.Success;
    }
}
