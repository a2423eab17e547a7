using System.Security.Cryptography;
using Org.BouncyCastle.Tls.Crypto;

namespace AmtSim.Transport.Tls;

/// <summary>
/// A TLS hash (the handshake transcript, the signed key-exchange parameters) on .NET's
/// OpenSSL-backed <see cref="IncrementalHash"/> instead of BouncyCastle's managed digests, which
/// hashed a provisioning's transcripts about six times slower (17 µs against 2.6 µs for 4 KB of
/// SHA-256). <see cref="CalculateHash"/> resets, as BouncyCastle's digests do.
/// </summary>
internal sealed class DotNetTlsHash : TlsHash
{
    private readonly IncrementalHash _hash;

    private DotNetTlsHash(IncrementalHash hash) => _hash = hash;

    /// <summary>The .NET name of a TLS hash algorithm (<see cref="CryptoHashAlgorithm"/>), or null when BouncyCastle keeps it.</summary>
    public static HashAlgorithmName? NameOf(int cryptoHashAlgorithm) => cryptoHashAlgorithm switch
    {
        CryptoHashAlgorithm.sha256 => HashAlgorithmName.SHA256,
        CryptoHashAlgorithm.sha384 => HashAlgorithmName.SHA384,
        CryptoHashAlgorithm.sha512 => HashAlgorithmName.SHA512,
        _ => null,
    };

    public static DotNetTlsHash Create(HashAlgorithmName name) => new(IncrementalHash.CreateHash(name));

    public void Update(byte[] input, int inOff, int length) => _hash.AppendData(input, inOff, length);

    public void Update(ReadOnlySpan<byte> input) => _hash.AppendData(input);

    public byte[] CalculateHash() => _hash.GetHashAndReset();

    public TlsHash CloneHash() => new DotNetTlsHash(_hash.Clone());

    public void Reset()
    {
        Span<byte> discard = stackalloc byte[64];
        _hash.TryGetHashAndReset(discard, out _);
    }
}
