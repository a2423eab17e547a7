using System.Security.Cryptography.X509Certificates;

namespace AmtSim.Firmware.Tests.Validation;

/// <summary>A built chain; <see cref="Presented"/> is what a provisioning server sends, leaf first.</summary>
internal sealed record TestChain(X509Certificate2 Leaf, IReadOnlyList<X509Certificate2> Intermediates, X509Certificate2 Root)
{
    public IReadOnlyList<X509Certificate2> Presented => [Leaf, .. Intermediates, Root];

    /// <summary>A copy of <paramref name="certificate"/> with the last byte of its signature value flipped.</summary>
    public static X509Certificate2 WithTamperedSignature(X509Certificate2 certificate)
    {
        var der = certificate.RawData;
        der[^1] ^= 0x01;
        return X509CertificateLoader.LoadCertificate(der);
    }
}
