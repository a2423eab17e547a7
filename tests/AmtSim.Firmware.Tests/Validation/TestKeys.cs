using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace AmtSim.Firmware.Tests.Validation;

/// <summary>
/// RSA keys for test chains, generated once per (name, size) and shared: key generation is the slow
/// part, and the validator only ever uses public keys. Distinct names give distinct keys, which the
/// signature tests rely on.
/// </summary>
internal static class TestKeys
{
    private static readonly ConcurrentDictionary<string, Lazy<RSA>> Keys = new(StringComparer.Ordinal);

    public static RSA Get(string name, int bits) => Keys.GetOrAdd($"{name}/{bits}", _ => new Lazy<RSA>(() => RSA.Create(bits))).Value;
}
