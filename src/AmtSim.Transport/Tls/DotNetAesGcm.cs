using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl;

namespace AmtSim.Transport.Tls;

/// <summary>
/// One direction of AES-GCM for BouncyCastle's TLS record layer, computed by .NET's
/// <see cref="AesGcm"/> (OpenSSL, AES-NI). BouncyCastle hands over a whole record at a time (nonce,
/// additional data, the bytes), so each record is one .NET call and nothing is buffered; the bytes
/// on the wire are the same as BouncyCastle's own GCM (a test compares them).
/// </summary>
public sealed class DotNetAesGcm : TlsAeadCipherImpl, IDisposable
{
    private readonly bool _encrypting;
    private byte[]? _key;
    private AesGcm? _aes;
    private byte[] _nonce = [];
    private byte[]? _initialAad;
    private int _tagSize = 16;

    public DotNetAesGcm(bool encrypting) => _encrypting = encrypting;

    public void SetKey(byte[] key, int keyOff, int keyLen) => SetKey(key.AsSpan(keyOff, keyLen));

    public void SetKey(ReadOnlySpan<byte> key)
    {
        _key = key.ToArray();
        _aes?.Dispose();
        _aes = null;
    }

    public void Init(byte[] nonce, int macSize, byte[]? additionalData)
    {
        if (nonce.Length != AesGcm.NonceByteSizes.MaxSize)
        {
            throw new ArgumentException($"AES-GCM here takes a {AesGcm.NonceByteSizes.MaxSize}-byte nonce (TLS's 4 implicit + 8 explicit bytes), not {nonce.Length}", nameof(nonce));
        }

        if (macSize is < 12 or > 16)
        {
            throw new ArgumentException($"AES-GCM tag of {macSize} bytes is not supported", nameof(macSize));
        }

        var key = _key ?? throw new InvalidOperationException("AES-GCM initialised before its key was set");
        if (_aes is null || _aes.TagSizeInBytes != macSize)
        {
            _aes?.Dispose();
            _aes = new AesGcm(key, macSize);
        }

        _nonce = nonce;
        _tagSize = macSize;
        _initialAad = additionalData;
    }

    public int GetOutputSize(int inputLength) => _encrypting ? inputLength + _tagSize : Math.Max(0, inputLength - _tagSize);

    public int DoFinal(byte[] input, int inputOffset, int inputLength, byte[] output, int outputOffset)
        => DoFinal(null, input, inputOffset, inputLength, output, outputOffset);

    public int DoFinal(byte[]? additionalData, byte[] input, int inputOffset, int inputLength, byte[] output, int outputOffset)
    {
        var aes = _aes ?? throw new InvalidOperationException("AES-GCM used before Init");
        ReadOnlySpan<byte> aad = additionalData is { Length: > 0 } ? additionalData : _initialAad ?? [];
        ReadOnlySpan<byte> source = input.AsSpan(inputOffset, inputLength);
        if (_encrypting)
        {
            var destination = output.AsSpan(outputOffset, inputLength + _tagSize);
            source = Unaliased(source, destination);
            aes.Encrypt(_nonce, source, destination[..inputLength], destination[inputLength..], aad);
            return destination.Length;
        }

        if (inputLength < _tagSize)
        {
            throw new TlsFatalAlert(AlertDescription.bad_record_mac, "AES-GCM record shorter than its tag");
        }

        var length = inputLength - _tagSize;
        var plain = output.AsSpan(outputOffset, length);
        source = Unaliased(source, plain);
        try
        {
            aes.Decrypt(_nonce, source[..length], source[length..], plain, aad);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new TlsFatalAlert(AlertDescription.bad_record_mac, ex);
        }

        return length;
    }

    public void Reset()
    {
    }

    public void Dispose()
    {
        _aes?.Dispose();
        _aes = null;
    }

    /// <summary>.NET allows input and output to be the same bytes, not shifted ones; BouncyCastle works in place, so copy only when they are shifted.</summary>
    private static ReadOnlySpan<byte> Unaliased(ReadOnlySpan<byte> source, Span<byte> destination)
        => source.Overlaps(destination, out var offset) && offset != 0 ? source.ToArray() : source;
}
