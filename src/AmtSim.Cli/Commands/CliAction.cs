using AmtSim.Runtime.Errors;

namespace AmtSim.Cli.Commands;

/// <summary>Runs a command body and turns expected failures into one line on stderr and an exit code.</summary>
internal static class CliAction
{
    public static int Run(Func<int> body) => RunAsync(() => Task.FromResult(body())).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (InvalidInputException ex)
        {
            await Console.Error.WriteLineAsync($"amtsim: {ex.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (AmtSim.Scenarios.Running.ScenarioSetupException ex)
        {
            await Console.Error.WriteLineAsync($"amtsim: {ex.Message}");
            return ExitCodes.SetupError;
        }
        catch (SetupException ex)
        {
            await Console.Error.WriteLineAsync($"amtsim: {ex.Message}");
            return ExitCodes.SetupError;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A file in use or a folder that cannot be written: the environment, not the input.
            await Console.Error.WriteLineAsync($"amtsim: {ex.Message}");
            return ExitCodes.SetupError;
        }
    }
}

/// <summary>The environment is not ready: a port in use, a folder that cannot be written, a missing program.</summary>
public sealed class SetupException(string message, Exception? inner = null) : Exception(message, inner);
