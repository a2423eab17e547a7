using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>AMT_PublicKeyCertificate: the certificates added through AMT_PublicKeyManagementService; Delete by InstanceID.</summary>
public sealed class AmtPublicKeyCertificate : WsmanClass
{
    public override string ClassName => "AMT_PublicKeyCertificate";

    public override IReadOnlyCollection<WsmanOperation> Operations => [WsmanOperation.Delete];

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call)
        => [.. call.State.Certificates.Select(c => Instance(
            WsmanProperty.Of("ElementName", "Intel(r) AMT Certificate"),
            WsmanProperty.Of("InstanceID", c.InstanceId),
            WsmanProperty.Of("Issuer", c.Certificate.Issuer),
            WsmanProperty.Of("ReadOnlyCertificate", false),
            WsmanProperty.Of("Subject", c.Certificate.Subject),
            // Intel's schema spells it "Certficate" (SDK class metadata, go-wsman-messages' xml tag); MeshCentral's certificate clean-up deletes a root it cannot see as trusted.
            WsmanProperty.Of("TrustedRootCertficate", c.TrustedRoot),
            WsmanProperty.Of("X509Certificate", Convert.ToBase64String(c.Certificate.RawData))))];

    public override WsmanResult Delete(WsmanCall call)
    {
        var id = call.Request.Selector("InstanceID");
        var entry = call.State.Certificates.FirstOrDefault(c => c.InstanceId == id);
        if (entry is null)
        {
            return WsmanResult.Fault(WsmanFaultKind.InvalidSelectors, $"no certificate '{id}'");
        }

        if (call.State.TlsCredential == entry)
        {
            return WsmanResult.Fault(WsmanFaultKind.AccessDenied, $"{id} is the TLS credential; delete the AMT_TLSCredentialContext first");
        }

        call.State.Certificates.Remove(entry);
        return new DeletedResult();
    }
}
