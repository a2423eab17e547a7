using System.CommandLine;
using AmtSim.Cli.Commands;

namespace AmtSim.Cli;

public static class Program
{
    public static Task<int> Main(string[] args) => BuildRoot().Parse(args).InvokeAsync();

    /// <summary>The whole command tree; each group lives in Commands/ (one file per group).</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("amtsim: a simulator of Intel AMT (vPro) firmware and provisioning, and a test harness around it.");
        // Command groups, one line each:
        root.Subcommands.Add(VersionCommand.Create());
        root.Subcommands.Add(DiagnoseCommand.Create());
        return root;
    }
}
