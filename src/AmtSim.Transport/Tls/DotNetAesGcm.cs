using System.Buffers;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace AmtSim.Transport.Tls;

/// <summary>
/// AES-GCM for BouncyCastle's TLS record layer, computed by .NET's <see cref="AesGcm"/> (OpenSSL,
/// AES-NI) instead of BouncyCastle's managed GCM, which rebuilt its multiplication tables on every
/// record and was the largest allocator of a fleet run. A TLS record is one whole AEAD operation,
/// so input is buffered and the work happens in <see cref="DoFinal"/>; the bytes on the wire are
/// the same (a test compares them with BouncyCastle's GcmBlockCipher). BouncyCastle never disposes
/// its ciphers; the native context is then freed with the connection's objects by its finalizer.
/// </summary>
public sealed class DotNetAesGcm : IAeadBlockCipher, IDisposable
{
    private readonly ArrayBufferWriter<byte> _aad = new(64);
    private readonly ArrayBufferWriter<byte> _data = new(1024);
    private AesGcm? _aes;
    private bool _encrypting;
    private byte[] _nonce = [];
    private byte[] _initialAad = [];
    private int _tagSize = 16;
    private byte[] _mac = [];

    public string AlgorithmName => "AES/GCM";

    public int GetBlockSize() => 16;

    public IBlockCipher GetUnderlyingCipher() => new AesEngine();

    public void Init(bool forEncryption, ICipherParameters parameters)
    {
        KeyParameter? key;
        switch (parameters)
        {
            case AeadParameters aead:
                key = aead.Key;
                _nonce = aead.GetNonce();
                _initialAad = aead.GetAssociatedText() ?? [];
                _tagSize = aead.MacSize / 8;
                break;
            case ParametersWithIV withIv:
                key = withIv.Parameters as KeyParameter;
                _nonce = withIv.GetIV();
                _initialAad = [];
                _tagSize = 16;
                break;
            default:
                throw new ArgumentException("AES-GCM needs AeadParameters or ParametersWithIV", nameof(parameters));
        }

        if (_nonce.Length != AesGcm.NonceByteSizes.MaxSize)
        {
            throw new ArgumentException($"AES-GCM here takes a {AesGcm.NonceByteSizes.MaxSize}-byte nonce (TLS's 4 implicit + 8 explicit bytes), not {_nonce.Length}", nameof(parameters));
        }

        if (_tagSize is < 12 or > 16)
        {
            throw new ArgumentException($"AES-GCM tag of {_tagSize} bytes is not supported", nameof(parameters));
        }

        if (key is not null)
        {
            _aes?.Dispose();
            _aes = new AesGcm(key.GetKey(), _tagSize);
        }
        else if (_aes is null)
        {
            throw new ArgumentException("AES-GCM needs a key on its first Init", nameof(parameters));
        }
        else if (_aes.TagSizeInBytes != _tagSize)
        {
            throw new ArgumentException("AES-GCM tag size cannot change without a new key", nameof(parameters));
        }

        _encrypting = forEncryption;
        Reset();
    }

    public void ProcessAadByte(byte input) => _aad.Write([input]);

    public void ProcessAadBytes(byte[] inBytes, int inOff, int len) => _aad.Write(inBytes.AsSpan(inOff, len));

    public int ProcessByte(byte input, byte[] outBytes, int outOff)
    {
        _data.Write([input]);
        return 0;
    }

    public int ProcessBytes(byte[] inBytes, int inOff, int len, byte[] outBytes, int outOff)
    {
        _data.Write(inBytes.AsSpan(inOff, len));
        return 0;
    }

    public int GetUpdateOutputSize(int len) => 0;

    public int GetOutputSize(int len)
    {
        var total = _data.WrittenCount + len;
        return _encrypting ? total + _tagSize : Math.Max(0, total - _tagSize);
    }

    public int DoFinal(byte[] outBytes, int outOff)
    {
        var aes = _aes ?? throw new InvalidOperationException("AES-GCM used before Init");
        var input = _data.WrittenSpan;
        try
        {
            if (_encrypting)
            {
                var output = outBytes.AsSpan(outOff, input.Length + _tagSize);
                aes.Encrypt(_nonce, input, output[..input.Length], output[input.Length..], _aad.WrittenSpan);
                _mac = output[input.Length..].ToArray();
                return output.Length;
            }

            if (input.Length < _tagSize)
            {
                throw new InvalidCipherTextException("data too short");
            }

            var length = input.Length - _tagSize;
            try
            {
                aes.Decrypt(_nonce, input[..length], input[length..], outBytes.AsSpan(outOff, length), _aad.WrittenSpan);
            }
            catch (AuthenticationTagMismatchException ex)
            {
                throw new InvalidCipherTextException("mac check in GCM failed", ex);
            }

            _mac = input[length..].ToArray();
            return length;
        }
        finally
        {
            Reset();
        }
    }

    public byte[] GetMac() => (byte[])_mac.Clone();

    public void Dispose()
    {
        _aes?.Dispose();
        _aes = null;
    }

    public void Reset()
    {
        _data.ResetWrittenCount();
        _aad.ResetWrittenCount();
        _aad.Write(_initialAad);
    }
}

/// <summary>BouncyCastle's cipher factory with AES-GCM on <see cref="DotNetAesGcm"/>; every other cipher as BouncyCastle makes it.</summary>
public sealed class DotNetTlsCipherFactory : Org.BouncyCastle.Crypto.Tls.DefaultTlsCipherFactory
{
    public static DotNetTlsCipherFactory Instance { get; } = new();

    protected override IAeadBlockCipher CreateAeadBlockCipher_Aes_Gcm() => new DotNetAesGcm();
}
