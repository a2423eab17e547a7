namespace AmtSim.Provisioning.Wsman;

/// <summary>WS-Management namespaces, actions and the resource URIs of the classes provisioning uses.</summary>
public static class WsmanUris
{
    public const string Soap = "http://www.w3.org/2003/05/soap-envelope";
    public const string Addressing = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
    public const string Wsman = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd";
    public const string Enumeration = "http://schemas.xmlsoap.org/ws/2004/09/enumeration";
    public const string Transfer = "http://schemas.xmlsoap.org/ws/2004/09/transfer";
    public const string AnonymousReplyTo = Addressing + "/role/anonymous";

    public const string Get = Transfer + "/Get";
    public const string Put = Transfer + "/Put";
    public const string Create = Transfer + "/Create";
    public const string Delete = Transfer + "/Delete";
    public const string Enumerate = Enumeration + "/Enumerate";
    public const string Pull = Enumeration + "/Pull";

    public const string AmtSchema = "http://intel.com/wbem/wscim/1/amt-schema/1/";
    public const string CimSchema = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/";
    public const string IpsSchema = "http://intel.com/wbem/wscim/1/ips-schema/1/";

    /// <summary>The resource URI of a class from its name prefix (AMT_, CIM_, IPS_).</summary>
    public static string Resource(string className) => className switch
    {
        _ when className.StartsWith("AMT_", StringComparison.Ordinal) => AmtSchema + className,
        _ when className.StartsWith("CIM_", StringComparison.Ordinal) => CimSchema + className,
        _ when className.StartsWith("IPS_", StringComparison.Ordinal) => IpsSchema + className,
        _ => throw new ArgumentException($"'{className}' is not an AMT_, CIM_ or IPS_ class", nameof(className)),
    };
}
