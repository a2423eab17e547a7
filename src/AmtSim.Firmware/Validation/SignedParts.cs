namespace AmtSim.Firmware.Validation;

/// <summary>The signed TBSCertificate bytes, the signature algorithm (outer and inner encodings) and the signature value.</summary>
internal readonly record struct SignedParts(ReadOnlyMemory<byte> Tbs, string AlgorithmOid, ReadOnlyMemory<byte> OuterAlgorithm, ReadOnlyMemory<byte> InnerAlgorithm, byte[] Signature);
