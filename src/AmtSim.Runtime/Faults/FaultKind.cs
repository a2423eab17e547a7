namespace AmtSim.Runtime.Faults;

/// <summary>
/// What an injected fault does to one exchange (issue 17 item 5). The layers that carry an exchange
/// (the device's network stack, the service point's streams and CA requests) each apply the kinds
/// that make sense for them; docs/faults.md has the matrix.
/// </summary>
public enum FaultKind
{
    /// <summary>The connection is reset (RST) instead of carrying the message.</summary>
    Reset,

    /// <summary>Nothing arrives: the waiting side decides on its own timeout, on the run's clock.</summary>
    Stall,

    /// <summary>Bytes that are not the protocol's (seeded, so the same bytes every run).</summary>
    Garbage,

    /// <summary>An HTTP 500 answer in place of the device's WS-Man reply.</summary>
    ServerError,

    /// <summary>A SOAP fault (wsa:DestinationUnreachable) in place of the device's WS-Man reply.</summary>
    SoapFault,

    /// <summary>The enterprise CA cannot be reached for the device's certificate request.</summary>
    CaUnavailable,
}

/// <summary>Which half of a request/reply exchange a fault hits.</summary>
public enum FaultSide
{
    /// <summary>The answer (the device's reply as the service point reads it; a DHCP/DNS answer as the device reads it).</summary>
    Answer,

    /// <summary>The request (the service point's WS-Man request as the device reads it; the device's hello as the service point reads it).</summary>
    Request,
}
