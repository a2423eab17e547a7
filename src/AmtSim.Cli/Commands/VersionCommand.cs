using System.CommandLine;
using System.Reflection;

namespace AmtSim.Cli.Commands;

internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the amtsim version.");
        command.SetAction(_ =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            Console.WriteLine($"amtsim {version}");
            return ExitCodes.Success;
        });
        return command;
    }
}
