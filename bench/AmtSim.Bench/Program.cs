using BenchmarkDotNet.Running;

namespace AmtSim.Bench;

/// <summary>
/// BenchmarkDotNet entry: <c>dotnet run -c Release --project bench/AmtSim.Bench -- --filter '*'</c>.
/// Plain measurements: <c>-- handshakes [seconds]</c>, <c>-- idle-rss [devices]</c>, <c>-- wsman-rps [seconds]</c> (see bench/README.md).
/// </summary>
public static class Program
{
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] is "handshakes" or "idle-rss" or "wsman-rps")
        {
            return await Web.WebServerMeasurements.RunAsync(args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
