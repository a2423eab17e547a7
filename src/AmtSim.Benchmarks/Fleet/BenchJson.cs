using System.Text.Json;

namespace AmtSim.Benchmarks.Fleet;

/// <summary>The figures' JSON: camelCase like every other JSON amtsim writes (issue 18 item 7), indented; children and parent of a multi-process run read it with the same options.</summary>
public static class BenchJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
