using AmtSim.Runtime.Errors;

namespace AmtSim.Scenarios.Loading;

/// <summary>A scenario file that is not valid: the message starts with file:line:column and says what was expected.</summary>
public sealed class ScenarioFormatException(string file, long line, long column, string problem)
    : InvalidInputException($"{file}:{line}:{column}: {problem}")
{
    public string File { get; } = file;
    public long Line { get; } = line;
    public long Column { get; } = column;
    public string Problem { get; } = problem;
}
