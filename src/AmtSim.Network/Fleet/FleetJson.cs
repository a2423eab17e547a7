using System.Text.Json;
using AmtSim.Firmware.Profiles;

namespace AmtSim.Network.Fleet;

/// <summary>The fleet as JSON (stable field order, invariant formatting): same seed, same bytes.</summary>
public static class FleetJson
{
    public static string Write(long runSeed, IReadOnlyList<FleetDevice> devices)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("seed", runSeed);
            json.WriteNumber("count", devices.Count);
            json.WriteStartArray("devices");
            foreach (var d in devices)
            {
                var profile = d.Profile;
                var hashes = profile.DefaultHashes;
                json.WriteStartObject();
                json.WriteNumber("index", d.Index);
                json.WriteNumber("seed", d.Seed);
                json.WriteString("uuid", d.Uuid.ToString());
                json.WriteString("mac", d.Mac);
                json.WriteString("hostname", d.Hostname);
                json.WriteString("scope", d.Scope);
                json.WriteString("fqdn", d.Fqdn);
                json.WriteString("firmware", $"{d.Firmware.Major}.{d.Firmware.Minor}.{d.Firmware.Hotfix}.{d.Firmware.Build}");
                json.WriteString("sku", d.Sku);
                json.WriteStartArray("tls");
                foreach (var v in new[] { TlsVersions.Tls10, TlsVersions.Tls11, TlsVersions.Tls12 }.Where(v => profile.Tls.HasFlag(v)))
                {
                    json.WriteStringValue(v.ToString());
                }

                json.WriteEndArray();
                json.WriteBoolean("rejectSha1", profile.RejectSha1);
                json.WriteNumber("minRsaKeyBits", profile.MinRsaKeyBits);
                json.WriteNumber("hashCount", hashes.Count);
                json.WriteString("hashAlgorithms", string.Join('+', hashes.Select(h => h.Algorithm).Distinct()));
                json.WriteNumber("helloHashes", Math.Min(hashes.Count(h => h.IsActive), Math.Min(profile.MaxHelloHashes, Protocol.Hello.PkiHello.MaxHashes)));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
