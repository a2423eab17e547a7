using System.Security.Cryptography.X509Certificates;

namespace AmtSim.Pki.Ca;

/// <summary>
/// A certificate the CA issued, as its DER with the figures a provisioning reads (serial, expiry);
/// the .NET certificate object is made on first use. Loading a certificate decodes its public key
/// through OpenSSL 3 (about 165 µs), and a provisioning only sends the bytes on to the device.
/// </summary>
public sealed class IssuedCertificate
{
    private readonly byte[] _der;
    private readonly Lazy<X509Certificate2> _certificate;

    internal IssuedCertificate(byte[] der, string serialNumber, DateTimeOffset notBefore, DateTimeOffset notAfter, X509Certificate2? loaded = null)
    {
        _der = der;
        SerialNumber = serialNumber;
        NotBefore = notBefore;
        NotAfter = notAfter;
        _certificate = loaded is not null ? new Lazy<X509Certificate2>(loaded) : new Lazy<X509Certificate2>(() => X509CertificateLoader.LoadCertificate(_der));
    }

    /// <summary>The serial number in hexadecimal, as <see cref="X509Certificate.SerialNumber"/> gives it.</summary>
    public string SerialNumber { get; }

    /// <summary>Start of validity, to the second, as encoded.</summary>
    public DateTimeOffset NotBefore { get; }

    /// <summary>End of validity, to the second, as encoded.</summary>
    public DateTimeOffset NotAfter { get; }

    /// <summary>The certificate's DER (a copy).</summary>
    public byte[] RawData => (byte[])_der.Clone();

    /// <summary>The certificate's DER, not copied.</summary>
    public ReadOnlyMemory<byte> RawDataMemory => _der;

    /// <summary>The certificate as .NET loads it (on first use, then the same object).</summary>
    public X509Certificate2 Certificate => _certificate.Value;
}
