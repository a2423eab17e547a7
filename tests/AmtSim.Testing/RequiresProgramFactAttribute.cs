using Xunit;

namespace AmtSim.Testing;

/// <summary>
/// A fact that needs a real external program. Outside CI a missing program skips the test with
/// a message saying how to install it; under CI (CI=true) the test runs and fails, because
/// .ci/run installs every program the tests need.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresProgramFactAttribute : FactAttribute
{
    public RequiresProgramFactAttribute(string program, string install)
    {
        if (ExternalProgram.Find(program) is null && !ExternalProgram.InCi)
        {
            Skip = $"'{program}' not found on PATH; install it with: {install}";
        }
    }
}
