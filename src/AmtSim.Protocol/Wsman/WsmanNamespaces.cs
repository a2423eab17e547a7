namespace AmtSim.Protocol.Wsman;

/// <summary>XML namespace URIs of SOAP 1.2, WS-Addressing, WS-Management and the AMT/CIM/IPS schemas.</summary>
public static class WsmanNamespaces
{
    public const string Soap = "http://www.w3.org/2003/05/soap-envelope";
    public const string Addressing = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
    public const string Wsman = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd";
    public const string Trust = "http://schemas.xmlsoap.org/ws/2005/02/trust";
    public const string Wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    public const string CimBinding = "http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd";
    public const string Enumeration = "http://schemas.xmlsoap.org/ws/2004/09/enumeration";
    public const string Transfer = "http://schemas.xmlsoap.org/ws/2004/09/transfer";
    public const string Eventing = "http://schemas.xmlsoap.org/ws/2004/08/eventing";
    public const string Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    /// <summary>The DMTF common schema that CIM datetimes live in (<c>cim:Datetime</c>).</summary>
    public const string CimCommon = "http://schemas.dmtf.org/wbem/wscim/1/common";

    /// <summary>The anonymous reply-to address every AMT reply is sent "To".</summary>
    public const string AnonymousRole = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous";

    /// <summary>Resource URI prefix of Intel's AMT classes (AMT_*).</summary>
    public const string AmtSchema = "http://intel.com/wbem/wscim/1/amt-schema/1/";

    /// <summary>Resource URI prefix of the DMTF CIM classes (CIM_*).</summary>
    public const string CimSchema = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/";

    /// <summary>Resource URI prefix of Intel's IPS classes (IPS_*).</summary>
    public const string IpsSchema = "http://intel.com/wbem/wscim/1/ips-schema/1/";

    /// <summary>The resource URI of a class from its name: AMT_ → amt-schema, CIM_ → cim-schema, IPS_ → ips-schema.</summary>
    public static string ResourceUriOf(string className) => className switch
    {
        _ when className.StartsWith("AMT_", StringComparison.Ordinal) => AmtSchema + className,
        _ when className.StartsWith("CIM_", StringComparison.Ordinal) => CimSchema + className,
        _ when className.StartsWith("IPS_", StringComparison.Ordinal) => IpsSchema + className,
        _ => throw new ArgumentException($"'{className}' is not an AMT_, CIM_ or IPS_ class", nameof(className)),
    };

    /// <summary>The class name at the end of a resource URI (text after the last '/').</summary>
    public static string ClassNameOf(string resourceUri)
    {
        var slash = resourceUri.LastIndexOf('/');
        return slash < 0 ? resourceUri : resourceUri[(slash + 1)..];
    }
}

/// <summary>WS-Transfer, WS-Enumeration and fault action URIs.</summary>
public static class WsmanActions
{
    public const string Get = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Get";
    public const string GetResponse = "http://schemas.xmlsoap.org/ws/2004/09/transfer/GetResponse";
    public const string Put = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Put";
    public const string PutResponse = "http://schemas.xmlsoap.org/ws/2004/09/transfer/PutResponse";
    public const string Create = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Create";
    public const string CreateResponse = "http://schemas.xmlsoap.org/ws/2004/09/transfer/CreateResponse";
    public const string Delete = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete";
    public const string DeleteResponse = "http://schemas.xmlsoap.org/ws/2004/09/transfer/DeleteResponse";
    public const string Enumerate = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate";
    public const string EnumerateResponse = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/EnumerateResponse";
    public const string Pull = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull";
    public const string PullResponse = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/PullResponse";
    public const string Release = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Release";
    public const string ReleaseResponse = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/ReleaseResponse";

    /// <summary>Action of WS-Addressing faults (DestinationUnreachable, ActionNotSupported).</summary>
    public const string AddressingFault = "http://schemas.xmlsoap.org/ws/2004/08/addressing/fault";

    /// <summary>Action of WS-Management faults (AlreadyExists, InvalidParameter, ...).</summary>
    public const string WsmanFault = "http://schemas.dmtf.org/wbem/wsman/1/wsman/fault";

    /// <summary>Action of WS-Enumeration faults (InvalidEnumerationContext).</summary>
    public const string EnumerationFault = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/fault";
}
