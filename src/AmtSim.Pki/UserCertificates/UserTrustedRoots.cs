using System.Security.Cryptography.X509Certificates;
using AmtSim.Pki.Inspection;
using AmtSim.Runtime.Errors;

namespace AmtSim.Pki.UserCertificates;

/// <summary>
/// Root certificates a user adds to the devices' trusted hash tables (an internal root whose
/// thumbprint a customised firmware image or MEBx carries, seed 004). A device compares the hash of
/// the last certificate a server presents with its table, so only self-signed certificates can be
/// roots here; anything else in the file is invalid input.
/// </summary>
public static class UserTrustedRoots
{
    /// <exception cref="InvalidInputException">The file cannot be read, holds no certificate, or a certificate in it is not self-signed.</exception>
    public static IReadOnlyList<X509Certificate2> Load(string file)
    {
        var certificates = CertificateFile.Read(file, null, "a root file has no password").Certificates;
        if (certificates.FirstOrDefault(c => !UserProvisioningChain.IsSelfIssued(c)) is { } notRoot)
        {
            throw new InvalidInputException($"{file}: '{notRoot.Subject}' is not a root certificate (it is issued by '{notRoot.Issuer}'); a device trusts roots by the hash of the self-signed certificate at the end of the chain");
        }

        return certificates;
    }
}
