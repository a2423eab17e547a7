using AmtSim.Runtime.Profiling;
using Xunit;

namespace AmtSim.Runtime.Tests.Profiling;

/// <summary>The tests run on the JIT; the native build's "native linux-x64" is checked by .ci/install-test.sh on the installed tool.</summary>
public sealed class BuildKindTests
{
    [Fact]
    public void The_tests_run_on_the_jit_and_say_which_dotnet()
    {
        Assert.Equal($"jit .NET {Environment.Version}", BuildKind.Current);
    }
}
