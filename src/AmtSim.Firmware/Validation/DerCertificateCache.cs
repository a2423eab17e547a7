using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Runtime.Caching;

namespace AmtSim.Firmware.Validation;

/// <summary>
/// Loaded certificates by the SHA-256 of their DER, for the DER overload of the validator: loading
/// an X509Certificate2 costs ~0.3 ms (OpenSSL 3 decodes the public key), and a fleet presents the
/// same chain thousands of times. The cached objects are only read (<see cref="DigestCache{T}"/>).
/// </summary>
internal static class DerCertificateCache
{
    private static readonly DigestCache<X509Certificate2> Loaded = new(1024);

    /// <summary>The certificate for <paramref name="der"/>; throws <see cref="CryptographicException"/> when it is not one.</summary>
    public static X509Certificate2 Get(byte[] der) => Loaded.Get(der, X509CertificateLoader.LoadCertificate);
}
