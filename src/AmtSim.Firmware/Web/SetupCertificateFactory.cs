using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Firmware.Device;

namespace AmtSim.Firmware.Web;

/// <summary>
/// Makes the self-signed certificate a device serves on 16993 before provisioning
/// (amt-reference.md §1.3): over a fresh .NET RSA key, or over a given one (the world passes each
/// device's seeded pool key, so a run's certificates are reproducible).
/// </summary>
public static class SetupCertificateFactory
{
    /// <summary>A self-signed RSA-2048 server certificate for the device's hostname, with its private key.</summary>
    public static X509Certificate2 Create(DeviceIdentity identity, DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        return Create(identity, now, key);
    }

    /// <summary>The same certificate over a given key (a seeded pool key, so a run's certificates are reproducible).</summary>
    public static X509Certificate2 Create(DeviceIdentity identity, DateTimeOffset now, RSA key)
    {
        using var certificate = CreatePublic(identity, now, key);
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// The same certificate without its private key (for <see cref="Device.AmtDevice.UseSetupCredential"/>, which keeps the key apart).
    /// <paramref name="subjectPublicKeyInfo"/>, when the caller has it (a pool key's), saves exporting the public key from
    /// OpenSSL again, which costs a booting device about a fifth of its setup certificate.
    /// </summary>
    public static X509Certificate2 CreatePublic(DeviceIdentity identity, DateTimeOffset now, RSA key, byte[]? subjectPublicKeyInfo = null)
    {
        var subject = new X500DistinguishedName($"CN={identity.Hostname}, OU=Intel(R) AMT, O=Intel Corporation");
        var request = subjectPublicKeyInfo is null
            ? new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(subject, PublicKey.CreateFromSubjectPublicKeyInfo(subjectPublicKeyInfo, out _), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(identity.Hostname);
        request.CertificateExtensions.Add(san.Build());
        var serial = identity.Uuid.ToByteArray();
        serial[0] &= 0x7f;
        return request.Create(subject, X509SignatureGenerator.CreateForRSA(key, RSASignaturePadding.Pkcs1), now.AddDays(-1), now.AddYears(10), serial);
    }
}
