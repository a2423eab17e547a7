using System.Security.Cryptography.X509Certificates;

namespace AmtSim.Firmware.Validation;

/// <summary>Checks a provisioning chain (leaf first) in a device's context. The default everywhere is <see cref="ProvisioningCertificateValidator"/>; tests may put a stand-in rule in its place.</summary>
public delegate ValidationResult ChainValidator(IReadOnlyList<X509Certificate2> chain, ValidationContext context);
