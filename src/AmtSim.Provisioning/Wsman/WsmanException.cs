namespace AmtSim.Provisioning.Wsman;

/// <summary>A WS-Man call failed: HTTP status, SOAP fault subcode and reason, or a method's non-zero ReturnValue.</summary>
public sealed class WsmanException(string message, int httpStatus, string? faultSubcode = null, int? returnValue = null, Exception? inner = null)
    : Exception(message, inner)
{
    public int HttpStatus { get; } = httpStatus;
    public string? FaultSubcode { get; } = faultSubcode;
    public int? ReturnValue { get; } = returnValue;
}
