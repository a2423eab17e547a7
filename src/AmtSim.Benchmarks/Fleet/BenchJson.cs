using System.Text.Json;
using System.Text.Json.Serialization;
using AmtSim.Benchmarks.Cira;
using AmtSim.Benchmarks.Faults;
using AmtSim.Benchmarks.Tls;

namespace AmtSim.Benchmarks.Fleet;

/// <summary>
/// The JSON of every benchmark's figures: web names, indented. Source-generated (no reflection), so
/// the native build writes and reads the same documents.
/// </summary>
public static class BenchJson
{
    public static BenchJsonContext Context { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
}

[JsonSerializable(typeof(FleetBenchmarkResult))]
[JsonSerializable(typeof(TlsBenchmarkResult))]
[JsonSerializable(typeof(CiraBenchmarkResult))]
[JsonSerializable(typeof(IReadOnlyList<FaultCellResult>))]
[JsonSerializable(typeof(MeshCentralReady))]
[JsonSerializable(typeof(Dictionary<string, long>))]
public sealed partial class BenchJsonContext : JsonSerializerContext;
