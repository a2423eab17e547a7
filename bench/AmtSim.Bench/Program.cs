using BenchmarkDotNet.Running;

namespace AmtSim.Bench;

/// <summary>BenchmarkDotNet entry: <c>dotnet run -c Release --project bench/AmtSim.Bench -- --filter '*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
