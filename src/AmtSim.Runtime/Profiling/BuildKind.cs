using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AmtSim.Runtime.Profiling;

/// <summary>
/// Which build of amtsim is running: the native (ahead-of-time compiled) tool, or the .NET assemblies
/// run by the JIT (<c>dotnet amtsim.dll</c>, <c>dotnet run</c>, the tests). Their CPU figures differ
/// (bench/README.md), so every benchmark result says which one it measured.
/// </summary>
public static class BuildKind
{
    /// <summary><c>native linux-x64</c>, or <c>jit .NET 10.0.x</c>.</summary>
    public static string Current { get; } = RuntimeFeature.IsDynamicCodeCompiled
        ? $"jit .NET {Environment.Version}"
        : $"native {RuntimeInformation.RuntimeIdentifier}";
}
