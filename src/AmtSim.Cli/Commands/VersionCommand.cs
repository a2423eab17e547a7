using System.CommandLine;
using System.Reflection;
using AmtSim.Runtime.Profiling;

namespace AmtSim.Cli.Commands;

internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the amtsim version and build (native, or run by the .NET JIT).");
        command.SetAction(_ =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            Console.WriteLine($"amtsim {version} ({BuildKind.Current})");
            return ExitCodes.Success;
        });
        return command;
    }
}
