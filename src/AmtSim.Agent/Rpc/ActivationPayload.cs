using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AmtSim.Firmware.Host;

namespace AmtSim.Agent.Rpc;

/// <summary>
/// The payload of rpc's first message (rpc-go <c>internal/rps/message.go</c>, MessagePayload), built
/// from what the host reads over MEI: code versions, UUID, control mode, the local system account,
/// certificate hashes, and the DNS suffix (the <c>-d</c> value, else the MEBx PKI DNS suffix, else the
/// OS's). Serialised in rpc-go's field order.
/// </summary>
public sealed record ActivationPayload
{
    [JsonPropertyName("ver")] public required string Version { get; init; }
    [JsonPropertyName("build")] public required string Build { get; init; }
    [JsonPropertyName("sku")] public required string Sku { get; init; }
    [JsonPropertyName("features")] public required string Features { get; init; }
    [JsonPropertyName("uuid")] public required string Uuid { get; init; }
    [JsonPropertyName("username")] public required string Username { get; init; }
    [JsonPropertyName("password")] public required string Password { get; init; }
    [JsonPropertyName("currentMode")] public required int CurrentMode { get; init; }
    [JsonPropertyName("hostname")] public required string Hostname { get; init; }
    [JsonPropertyName("fqdn")] public required string Fqdn { get; init; }
    [JsonPropertyName("client")] public string Client { get; init; } = "RPC";
    [JsonPropertyName("certHashes")] public required IReadOnlyList<string> CertHashes { get; init; }
    [JsonPropertyName("ipConfiguration")] public Dictionary<string, string> IpConfiguration { get; init; } = [];
    [JsonPropertyName("hostnameInfo")] public Dictionary<string, string> HostnameInfo { get; init; } = [];
    [JsonPropertyName("friendlyName")] public string FriendlyName { get; init; } = "";

    /// <summary>Reads the host's MEI facts. <paramref name="password"/> replaces the local system account's for an activated device (rpc-go does the same).</summary>
    public static ActivationPayload From(HostMachine host, string? dnsSuffix, string? password)
    {
        var mei = host.Mei;
        var versions = mei.GetCodeVersions();
        var mode = (int)mei.GetControlMode();
        var account = mei.GetLocalSystemAccount();
        var fqdn = !string.IsNullOrWhiteSpace(dnsSuffix) ? dnsSuffix
            : mei.GetDnsSuffix().Trim().TrimEnd('.') is { Length: > 0 } mebx ? mebx
            : host.OsDnsSuffix;
        return new ActivationPayload
        {
            Version = versions.Amt,
            Build = versions.BuildNumber,
            Sku = versions.Sku,
            Features = FeaturesOf(versions.Sku),
            Uuid = mei.GetUuid().ToString(),
            Username = account.Username,
            Password = mode != 0 && password is not null ? password : account.Password,
            CurrentMode = mode,
            Hostname = host.Hostname,
            Fqdn = fqdn,
            CertHashes = [.. mei.GetCertificateHashes().Where(h => h.IsActive).Select(h => h.Hash)],
        };
    }

    /// <summary>The feature names of the SKU bits (bit 3 AMT Pro, bit 14 Corporate), as rpc's amtinfo prints them.</summary>
    public static string FeaturesOf(string sku)
    {
        if (!int.TryParse(sku, NumberStyles.None, CultureInfo.InvariantCulture, out var bits))
        {
            return "";
        }

        var names = new List<string>();
        if ((bits & 0x8) != 0)
        {
            names.Add("AMT Pro");
        }

        if ((bits & 0x4000) != 0)
        {
            names.Add("Corporate");
        }

        return string.Join(' ', names);
    }

    public string ToBase64() => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(this, RpcJson.Relaxed.ActivationPayload));
}
