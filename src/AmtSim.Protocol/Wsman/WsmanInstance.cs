namespace AmtSim.Protocol.Wsman;

/// <summary>One property of a CIM instance or method output: text, or an endpoint reference. Repeated names make an array.</summary>
public sealed record WsmanProperty(string Name, string? Value, EndpointReference? Reference = null)
{
    public static WsmanProperty Of(string name, string value) => new(name, value);

    public static WsmanProperty Of(string name, long value) => new(name, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static WsmanProperty Of(string name, bool value) => new(name, value ? "true" : "false");

    public static WsmanProperty Ref(string name, EndpointReference reference) => new(name, null, reference);
}

/// <summary>A CIM instance to write: its class (from the resource URI) and its properties in order.</summary>
public sealed record WsmanInstance(string ResourceUri, IReadOnlyList<WsmanProperty> Properties)
{
    public string ClassName => WsmanNamespaces.ClassNameOf(ResourceUri);

    public string? this[string name] => Properties.FirstOrDefault(p => p.Name == name)?.Value;
}
