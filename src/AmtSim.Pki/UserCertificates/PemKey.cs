using System.Security.Cryptography;
using AmtSim.Runtime.Errors;

namespace AmtSim.Pki.UserCertificates;

/// <summary>The RSA private key of a PEM file: PKCS#8 (PRIVATE KEY), encrypted PKCS#8 (ENCRYPTED PRIVATE KEY) or PKCS#1 (RSA PRIVATE KEY).</summary>
internal static class PemKey
{
    /// <summary>The key, or null when the file has no private-key block; a wrong or missing password and a corrupt key are invalid input.</summary>
    public static RSA? TryRead(string path, string? password, string passwordSource)
    {
        string text;
        try
        {
            text = System.Text.Encoding.UTF8.GetString(AmtSim.Pki.Inspection.CertificateFile.ReadCapped(path));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidInputException($"{path}: no such file");
        }
        catch (UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{path}: permission denied");
        }
        catch (IOException ex)
        {
            throw new InvalidInputException($"{path}: cannot be read: {ex.Message.ReplaceLineEndings(" ")}");
        }

        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label].ToString();
            var block = rest[fields.Location].ToString();
            rest = rest[fields.Location.End..];
            if (label is not ("PRIVATE KEY" or "ENCRYPTED PRIVATE KEY" or "RSA PRIVATE KEY"))
            {
                continue;
            }

            var rsa = RSA.Create();
            try
            {
                if (label == "ENCRYPTED PRIVATE KEY")
                {
                    if (string.IsNullOrEmpty(password))
                    {
                        throw new InvalidInputException($"{path}: the private key is encrypted; give its password ({passwordSource})");
                    }

                    rsa.ImportFromEncryptedPem(block, password);
                }
                else
                {
                    rsa.ImportFromPem(block);
                }

                return rsa;
            }
            catch (CryptographicException ex)
            {
                rsa.Dispose();
                throw new InvalidInputException(label == "ENCRYPTED PRIVATE KEY"
                    ? $"{path}: wrong password for the encrypted private key ({passwordSource}), or the key is corrupt"
                    : $"{path}: the {label} block is not an RSA private key AmtSim can read ({ex.Message.ReplaceLineEndings(" ").Trim()})");
            }
            catch (ArgumentException ex)
            {
                rsa.Dispose();
                throw new InvalidInputException($"{path}: the {label} block is corrupt ({ex.Message.ReplaceLineEndings(" ").Trim()})");
            }
        }

        return null;
    }
}
