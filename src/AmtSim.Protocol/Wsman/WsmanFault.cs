namespace AmtSim.Protocol.Wsman;

/// <summary>The SOAP faults the device sends (always with HTTP 400).</summary>
public enum WsmanFaultKind
{
    /// <summary>wsa:DestinationUnreachable: unknown resource URI or no such instance.</summary>
    DestinationUnreachable,

    /// <summary>wsa:ActionNotSupported: the class does not support the action or method.</summary>
    ActionNotSupported,

    /// <summary>wsman:AlreadyExists: Create of an instance that exists.</summary>
    AlreadyExists,

    /// <summary>wsman:InvalidParameter.</summary>
    InvalidParameter,

    /// <summary>wsman:InvalidSelectors.</summary>
    InvalidSelectors,

    /// <summary>wsman:AccessDenied: not permitted for this caller or in this provisioning state.</summary>
    AccessDenied,

    /// <summary>wsen:InvalidEnumerationContext: Pull with an unknown or finished context.</summary>
    InvalidEnumerationContext,

    /// <summary>wsman:SchemaValidationError: the body is not a valid WS-Man envelope.</summary>
    SchemaValidationError,

    /// <summary>wsman:EncodingLimit: the body exceeds a size limit.</summary>
    EncodingLimit,

    /// <summary>wsman:InternalError.</summary>
    InternalError,

    /// <summary>soap:MustUnderstand: a header marked mustUnderstand="true" that the device does not process (no subcode).</summary>
    MustUnderstand,
}

/// <summary>
/// A SOAP fault: kind plus a human detail. Real AMT sends soap:Detail empty, so the detail goes only to the
/// device's audit trail and log (<see cref="ToString"/>), never on the wire.
/// </summary>
public sealed record WsmanFault(WsmanFaultKind Kind, string Detail = "")
{
    /// <summary>soap:Code value: Sender for the client's mistakes, Receiver for the device's.</summary>
    public string Code => Kind switch
    {
        WsmanFaultKind.InternalError => "a:Receiver",
        WsmanFaultKind.MustUnderstand => "a:MustUnderstand",
        _ => "a:Sender",
    };

    /// <summary>Subcode with the prefix of the fault envelope (b: addressing, c: enumeration, e: wsman).</summary>
    public string? Subcode => Kind switch
    {
        WsmanFaultKind.MustUnderstand => null,
        WsmanFaultKind.DestinationUnreachable => "b:DestinationUnreachable",
        WsmanFaultKind.ActionNotSupported => "b:ActionNotSupported",
        WsmanFaultKind.InvalidEnumerationContext => "c:InvalidEnumerationContext",
        _ => "e:" + Kind,
    };

    public string Action => Kind switch
    {
        WsmanFaultKind.DestinationUnreachable or WsmanFaultKind.ActionNotSupported or WsmanFaultKind.MustUnderstand => WsmanActions.AddressingFault,
        WsmanFaultKind.InvalidEnumerationContext => WsmanActions.EnumerationFault,
        _ => WsmanActions.WsmanFault,
    };

    /// <summary>The standard reason text (DSP0226 / real AMT).</summary>
    public string Reason => Kind switch
    {
        WsmanFaultKind.DestinationUnreachable => "No route can be determined to reach the destination role defined by the WSAddressing To.",
        WsmanFaultKind.ActionNotSupported => "The action is not supported by the service.",
        WsmanFaultKind.AlreadyExists => "The sender attempted to create a resource which already exists.",
        WsmanFaultKind.InvalidParameter => "An operation parameter was not valid.",
        WsmanFaultKind.InvalidSelectors => "The Selectors for the resource were not valid.",
        WsmanFaultKind.AccessDenied => "The sender was not authorized to access the resource.",
        WsmanFaultKind.InvalidEnumerationContext => "The supplied enumeration context is invalid.",
        WsmanFaultKind.SchemaValidationError => "The supplied SOAP violates the corresponding XML Schema definition.",
        WsmanFaultKind.MustUnderstand => "The WS-Management service cannot process a SOAP header in the request that is marked as mustUnderstand by the client.",
        WsmanFaultKind.EncodingLimit => "An internal encoding limit was exceeded in a request or would be violated if the message were processed.",
        _ => "The service cannot comply with the request due to internal processing errors.",
    };

    public override string ToString() => string.IsNullOrEmpty(Detail) ? Subcode ?? Code : $"{Subcode ?? Code}: {Detail}";
}
