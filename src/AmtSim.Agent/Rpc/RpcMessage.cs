using System.Text.Json;
using System.Text.Json.Serialization;

namespace AmtSim.Agent.Rpc;

/// <summary>
/// One websocket message between rpc and RPS (rpc-go <c>internal/rps/message.go</c>, type Message):
/// every field is a string; <see cref="Payload"/> is base64 (the activation payload's JSON, or a raw
/// HTTP request/response).
/// </summary>
public sealed record RpcMessage
{
    /// <summary>rpc's protocol version; RPS accepts major 4.</summary>
    public const string ProtocolVersion4 = "4.0.0";

    [JsonPropertyName("method")] public string Method { get; init; } = "";
    [JsonPropertyName("apiKey")] public string ApiKey { get; init; } = "key";
    [JsonPropertyName("appVersion")] public string AppVersion { get; init; } = "";
    [JsonPropertyName("protocolVersion")] public string Protocol { get; init; } = ProtocolVersion4;
    [JsonPropertyName("status")] public string Status { get; init; } = "ok";
    [JsonPropertyName("message")] public string Message { get; init; } = "ok";
    [JsonPropertyName("fqdn")] public string Fqdn { get; init; } = "";
    [JsonPropertyName("payload")] public string Payload { get; init; } = "";
    [JsonPropertyName("tenantId")] public string TenantId { get; init; } = "";

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, RpcJson.Relaxed.RpcMessage);

    /// <summary>Reads a message RPS sent; a missing field is empty, a non-string field or non-JSON is <see cref="RpcProtocolException"/>.</summary>
    public static RpcMessage Parse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new RpcProtocolException("a message from RPS is not a JSON object");
            }

            string Field(string name)
            {
                if (!document.RootElement.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
                {
                    return "";
                }

                // RPS writes "message" as a JSON string (sometimes itself JSON); anything else is kept as its JSON text.
                return value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();
            }

            return new RpcMessage
            {
                Method = Field("method"),
                ApiKey = Field("apiKey"),
                AppVersion = Field("appVersion"),
                Protocol = Field("protocolVersion"),
                Status = Field("status"),
                Message = Field("message"),
                Fqdn = Field("fqdn"),
                Payload = Field("payload"),
                TenantId = Field("tenantId"),
            };
        }
        catch (JsonException ex)
        {
            throw new RpcProtocolException($"a message from RPS is not JSON: {ex.Message}", ex);
        }
    }
}

/// <summary>RPS sent something that is not rpc's protocol.</summary>
public sealed class RpcProtocolException(string message, Exception? inner = null) : Exception(message, inner);
