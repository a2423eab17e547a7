using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Runtime.Errors;

namespace AmtSim.Pki.Inspection;

/// <summary>
/// The certificates of a PEM, DER or PFX file, in file order. Anything unreadable (missing, empty,
/// text without a certificate, corrupt data, a wrong PFX password) is an
/// <see cref="InvalidInputException"/> whose one-line message names the file and the problem.
/// </summary>
public sealed class CertificateFile
{
    private CertificateFile(string path, CertificateFileFormat format, IReadOnlyList<X509Certificate2> certificates)
    {
        Path = path;
        Format = format;
        Certificates = certificates;
    }

    public string Path { get; }
    public CertificateFileFormat Format { get; }

    /// <summary>The certificates in file order; those from a PFX carry their private key when it has one.</summary>
    public IReadOnlyList<X509Certificate2> Certificates { get; }

    /// <param name="passwordSource">Where a PFX password is given, for the message when it is missing or wrong (the CLI's <c>--password</c>, a scenario key).</param>
    public static CertificateFile Read(string path, string? password = null, string passwordSource = "--password")
    {
        byte[] bytes;
        try
        {
            bytes = ReadCapped(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Invalid(path, "no such file");
        }
        catch (UnauthorizedAccessException)
        {
            throw Invalid(path, "permission denied");
        }
        catch (IOException ex)
        {
            throw Invalid(path, "cannot be read: " + OneLine(ex.Message));
        }

        return Parse(path, bytes, password, passwordSource);
    }

    /// <summary>Certificate files are small: at most this many bytes are read, so a device (/dev/zero) or a huge file is refused, never read whole.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>Reads at most <see cref="MaxBytes"/> (plus one, to tell a longer file) without trusting the reported length.</summary>
    internal static byte[] ReadCapped(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        if (!stream.CanSeek)
        {
            // A pipe or a terminal could block forever; a certificate is always a file.
            throw Invalid(path, "not a regular file (a pipe or a terminal); give a certificate file");
        }

        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }

        if (length > MaxBytes)
        {
            throw Invalid(path, $"larger than {MaxBytes:N0} bytes; certificate files are small (is this the right file?)");
        }

        return buffer[..length];
    }

    /// <summary>Parses bytes already read; <paramref name="path"/> only names the input in messages.</summary>
    public static CertificateFile Parse(string path, byte[] bytes, string? password = null, string passwordSource = "--password")
    {
        if (bytes.Length == 0)
        {
            throw Invalid(path, "the file is empty");
        }

        if (LooksLikeText(bytes))
        {
            return ParsePem(path, bytes);
        }

        if (bytes[0] != 0x30)
        {
            throw Invalid(path, "not a certificate file: binary data that is neither DER nor PFX");
        }

        return LooksLikePfx(bytes) ? ParsePfx(path, bytes, password, passwordSource) : ParseDer(path, bytes);
    }

    /// <summary>Valid UTF-8 without control characters other than tab, CR, LF (DER and PFX always have some).</summary>
    private static bool LooksLikeText(byte[] bytes)
    {
        foreach (var b in bytes)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return System.Text.Unicode.Utf8.IsValid(bytes);
    }

    private static CertificateFile ParsePem(string path, byte[] bytes)
    {
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        var certificates = new List<X509Certificate2>();
        var otherLabels = new List<string>();
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label].ToString();
            if (label is "CERTIFICATE" or "TRUSTED CERTIFICATE" or "X509 CERTIFICATE")
            {
                try
                {
                    certificates.Add(X509CertificateLoader.LoadCertificate(Convert.FromBase64String(rest[fields.Base64Data].ToString())));
                }
                catch (CryptographicException ex)
                {
                    throw Invalid(path, $"PEM certificate block {certificates.Count + 1} is corrupt: {OneLine(ex.Message)}");
                }
            }
            else
            {
                otherLabels.Add(label);
            }

            rest = rest[fields.Location.End..];
        }

        if (certificates.Count == 0)
        {
            throw Invalid(path, otherLabels.Count > 0
                ? $"PEM file without a certificate (it holds {string.Join(", ", otherLabels.Distinct())})"
                : "not a certificate file: text without a PEM certificate block (expected PEM, DER or PFX)");
        }

        return new CertificateFile(path, CertificateFileFormat.Pem, certificates);
    }

    private static CertificateFile ParseDer(string path, byte[] bytes)
    {
        try
        {
            return new CertificateFile(path, CertificateFileFormat.Der, [X509CertificateLoader.LoadCertificate(bytes)]);
        }
        catch (CryptographicException ex)
        {
            throw Invalid(path, $"corrupt DER certificate: {OneLine(ex.Message)}");
        }
    }

    private static CertificateFile ParsePfx(string path, byte[] bytes, string? password, string passwordSource)
    {
        try
        {
            var reader = new AsnReader(bytes, AsnEncodingRules.BER);
            reader.ReadSequence();
            reader.ThrowIfNotEmpty();
        }
        catch (AsnContentException ex)
        {
            throw Invalid(path, $"corrupt PFX (truncated or malformed: {OneLine(ex.Message)})");
        }

        try
        {
            var collection = X509CertificateLoader.LoadPkcs12Collection(bytes, password, X509KeyStorageFlags.EphemeralKeySet);
            return new CertificateFile(path, CertificateFileFormat.Pfx, [.. collection]);
        }
        catch (CryptographicException ex) when (ex.Message.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(path, string.IsNullOrEmpty(password)
                ? $"the PFX is password-protected (give {passwordSource}) or corrupt: MAC check failed"
                : $"wrong PFX password ({passwordSource}), or a corrupt PFX: MAC check failed");
        }
        catch (CryptographicException ex)
        {
            throw Invalid(path, $"corrupt PFX: {OneLine(ex.Message)}");
        }
    }

    /// <summary>PFX is SEQUENCE { INTEGER 3, ... }; a certificate is SEQUENCE { SEQUENCE tbsCertificate, ... }.</summary>
    private static bool LooksLikePfx(byte[] bytes)
    {
        var offset = 1;
        if (offset >= bytes.Length)
        {
            return false;
        }

        var lengthByte = bytes[offset++];
        if (lengthByte >= 0x80)
        {
            offset += lengthByte & 0x7F;
        }

        return offset + 2 < bytes.Length && bytes[offset] == 0x02 && bytes[offset + 1] == 0x01 && bytes[offset + 2] == 0x03;
    }

    private static InvalidInputException Invalid(string path, string problem) => new($"{path}: {problem}");

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
