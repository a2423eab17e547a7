using System.CommandLine;
using AmtSim.Cli.Commands;
using AmtSim.Scenarios.Diagnosis.Emission;
using AmtSim.Scenarios.Running;
using AmtSim.Scenarios.World;

namespace AmtSim.Cli;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (!IsHelpRequest(args) && RenamedOptions.Find(args) is { } renamed)
        {
            await Console.Error.WriteLineAsync($"amtsim: {renamed}");
            return ExitCodes.InvalidInput;
        }

        var parse = BuildRoot().Parse(args);
        if (parse.Errors.Count > 0 && !IsHelpRequest(args))
        {
            // A bad argument is invalid input (exit 2, the documented contract), never exit 1,
            // which a CI gate reads as "scenarios failed".
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"amtsim: {error.Message}");
            }

            await Console.Error.WriteLineAsync($"amtsim: see '{string.Join(' ', ["amtsim", .. CommandPath(parse.CommandResult.Command)])} --help'");
            return ExitCodes.InvalidInput;
        }

        if (!IsHelpRequest(args) && UnknownOptions.Find(parse) is { } unknown)
        {
            await Console.Error.WriteLineAsync($"amtsim: {unknown}");
            return ExitCodes.InvalidInput;
        }

        using var shutdown = new ShutdownSignal();
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, shutdown.Token);
    }

    private static bool IsHelpRequest(string[] args) => args.Any(a => a is "-h" or "--help" or "-?");

    private static IEnumerable<string> CommandPath(Command command)
        => command is RootCommand ? [] : [.. command.Parents.OfType<Command>().SelectMany(CommandPath), command.Name];

    /// <summary>The whole command tree; each group lives in Commands/ (one file per group).</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("amtsim: a simulator of Intel AMT (vPro) firmware and provisioning, and a test harness around it.");
        // Command groups, one line each:
        root.Subcommands.Add(VersionCommand.Create());
        root.Subcommands.Add(ExamplesCommand.Create());
        root.Subcommands.Add(FleetCommand.Create());
        root.Subcommands.Add(HelloCommand.Create());
        root.Subcommands.Add(PkiCommand.Create());

        root.Subcommands.Add(DeviceCommand.Create());
        root.Subcommands.Add(RpcCommand.Create());
        root.Subcommands.Add(RunCommand.Create(CreateExecutor));
        root.Subcommands.Add(MergeCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(FuzzCommand.Create());
        root.Subcommands.Add(DiagnoseCommand.Create(new RoundTripVerifier(CreateExecutor)));
        return root;
    }

    private static WorldExecutor CreateExecutor() => new(FixtureLocator.Find()
        ?? throw new SetupException($"the fixture PKI (fixtures/pki/fixtures.json) was found neither in this folder or above nor beside amtsim ({AppContext.BaseDirectory}); reinstall the tool, or set AMTSIM_FIXTURES to a folder written by 'amtsim pki init --out DIR'"));
}
