namespace AmtSim.Protocol.Wsman;

/// <summary>
/// One property of a CIM instance or method output: text, an endpoint reference, or a CIM datetime
/// (<see cref="IsDatetime"/>: written as <c>&lt;Name&gt;&lt;cim:Datetime&gt;…&lt;/cim:Datetime&gt;&lt;/Name&gt;</c>). Repeated names make an array.
/// </summary>
public sealed record WsmanProperty(string Name, string? Value, EndpointReference? Reference = null, bool IsDatetime = false)
{
    /// <summary>A CIM datetime in the common schema (<c>2020-08-10T00:00:00Z</c>), as real AMT writes CIM_BIOSElement.ReleaseDate.</summary>
    public static WsmanProperty Datetime(string name, DateTimeOffset value)
        => new(name, value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), null, IsDatetime: true);

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
