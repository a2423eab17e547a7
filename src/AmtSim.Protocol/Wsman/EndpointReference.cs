namespace AmtSim.Protocol.Wsman;

/// <summary>A WS-Addressing endpoint reference to a CIM instance: address, resource URI and selectors.</summary>
public sealed record EndpointReference(string ResourceUri, IReadOnlyList<KeyValuePair<string, string>> Selectors, string Address = WsmanNamespaces.AnonymousRole)
{
    public string ClassName => WsmanNamespaces.ClassNameOf(ResourceUri);

    public string? Selector(string name)
    {
        foreach (var (key, value) in Selectors)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }

    public static EndpointReference To(string resourceUri, string selectorName, string selectorValue)
        => new(resourceUri, [new(selectorName, selectorValue)]);

    /// <summary>Reads an EPR element (children Address and ReferenceParameters/ResourceURI/SelectorSet); null if it is not one.</summary>
    public static EndpointReference? FromElement(WsmanElement element)
    {
        var parameters = element.Child("ReferenceParameters", WsmanNamespaces.Addressing);
        var resourceUri = parameters?.ChildText("ResourceURI");
        if (parameters is null || string.IsNullOrEmpty(resourceUri))
        {
            return null;
        }

        var selectors = WsmanRequest.ReadSelectors(parameters.Child("SelectorSet"));
        var address = element.ChildText("Address") ?? WsmanNamespaces.AnonymousRole;
        return new EndpointReference(resourceUri, selectors, address);
    }

    public override string ToString() => $"{ClassName}[{string.Join(",", Selectors.Select(s => $"{s.Key}={s.Value}"))}]";
}
