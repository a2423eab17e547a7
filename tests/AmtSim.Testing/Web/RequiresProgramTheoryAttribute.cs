using Xunit;

namespace AmtSim.Testing.Web;

/// <summary>The theory form of <see cref="RequiresProgramFactAttribute"/>: skips outside CI when the program is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresProgramTheoryAttribute : TheoryAttribute
{
    public RequiresProgramTheoryAttribute(string program, string install)
    {
        if (ExternalProgram.Find(program) is null && !ExternalProgram.InCi)
        {
            Skip = $"'{program}' not found on PATH; install it with: {install}";
        }
    }
}
