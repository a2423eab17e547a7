using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>AMT_PublicPrivateKeyPair: the keys made by GenerateKeyPair (DERKey is the PKCS#1 public key); Delete by InstanceID.</summary>
public sealed class AmtPublicPrivateKeyPair : WsmanClass
{
    public override string ClassName => "AMT_PublicPrivateKeyPair";

    public override IReadOnlyCollection<WsmanOperation> Operations => [WsmanOperation.Delete];

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call)
        => [.. call.State.KeyPairs.Select(k => Instance(
            WsmanProperty.Of("DERKey", Convert.ToBase64String(k.PublicKeyDer())),
            WsmanProperty.Of("ElementName", "Intel(r) AMT Key"),
            WsmanProperty.Of("InstanceID", k.InstanceId)))];

    public override WsmanResult Delete(WsmanCall call)
    {
        var id = call.Request.Selector("InstanceID");
        var pair = call.State.KeyPairs.FirstOrDefault(k => k.InstanceId == id);
        if (pair is null)
        {
            return WsmanResult.Fault(WsmanFaultKind.InvalidSelectors, $"no key pair '{id}'");
        }

        if (call.State.Certificates.Any(c => c.KeyPair == pair))
        {
            return WsmanResult.Fault(WsmanFaultKind.AccessDenied, $"{id} is used by a certificate");
        }

        call.State.KeyPairs.Remove(pair);
        return new DeletedResult();
    }
}
