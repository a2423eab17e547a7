using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AmtSim.Agent.Rpc;

/// <summary>
/// Source-generated JSON metadata for what the agent sends RPS (no reflection, so the native build
/// writes the same bytes), with relaxed escaping: non-ASCII text stays as it is.
/// </summary>
[JsonSerializable(typeof(RpcMessage))]
[JsonSerializable(typeof(ActivationPayload))]
internal sealed partial class RpcJson : JsonSerializerContext
{
    public static RpcJson Relaxed { get; } = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
