using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>
/// AMT_TLSCredentialContext: Create links a certificate (ElementInContext, an AMT_PublicKeyCertificate
/// reference) as the TLS credential of the TLS endpoint collection; one context at most (AlreadyExists).
/// Before provisioning the credential is served from CommitChanges on; once provisioned (Post), a
/// new context is served by the handshakes that start after it is created (web-certificate renewal:
/// Delete the old context, Create the new one), and deleting the context leaves the served
/// certificate in place until a new one is linked.
/// </summary>
public sealed class AmtTlsCredentialContext : WsmanClass
{
    public const string CollectionName = "TLSProtocolEndpoint Instances Collection";

    public override string ClassName => "AMT_TLSCredentialContext";

    public override IReadOnlyCollection<WsmanOperation> Operations => [WsmanOperation.Create, WsmanOperation.Delete];

    private static EndpointReference Collection
        => EndpointReference.To(WsmanNamespaces.ResourceUriOf("AMT_TLSProtocolEndpointCollection"), "ElementName", CollectionName);

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call)
        => call.State.TlsCredential is { } credential
            ? [Instance(WsmanProperty.Ref("ElementInContext", credential.Reference), WsmanProperty.Ref("ElementProvidingContext", Collection))]
            : [];

    public override WsmanResult Create(WsmanCall call)
    {
        var element = call.Reference("ElementInContext");
        var id = element?.Selector("InstanceID");
        var certificate = call.State.Certificates.FirstOrDefault(c => c.InstanceId == id && !c.TrustedRoot);
        if (certificate is null)
        {
            return WsmanResult.Fault(WsmanFaultKind.InvalidParameter, $"ElementInContext '{id}' is not a device certificate with a private key");
        }

        if (call.State.TlsCredential is not null)
        {
            return WsmanResult.Fault(WsmanFaultKind.AlreadyExists, "a TLS credential context exists (" + call.State.TlsCredential.InstanceId + ")");
        }

        call.State.TlsCredential = certificate;
        if (call.Device.State == Device.ProvisioningState.Post && certificate.KeyPair is { } pair)
        {
            call.Device.UseProvisionedCredential(() => certificate.Certificate, pair.Key);
        }

        return new CreatedResult(new EndpointReference(ResourceUri, [new("ElementInContext", certificate.InstanceId), new("ElementProvidingContext", CollectionName)]));
    }

    public override WsmanResult Delete(WsmanCall call)
    {
        if (call.State.TlsCredential is null)
        {
            return WsmanResult.Fault(WsmanFaultKind.InvalidSelectors, "no TLS credential context exists");
        }

        call.State.TlsCredential = null;
        return new DeletedResult();
    }
}
