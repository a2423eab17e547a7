namespace AmtSim.Firmware.Validation;

/// <summary>The validator's verdict: <see cref="ValidationReason.Accepted"/> or one typed reason, with a human detail.</summary>
public sealed record ValidationResult(ValidationReason Reason, string Detail)
{
    public bool IsAccepted => Reason == ValidationReason.Accepted;

    public static ValidationResult Accept(string detail = "chain accepted") => new(ValidationReason.Accepted, detail);

    public static ValidationResult Reject(ValidationReason reason, string detail) => new(reason, detail);

    public override string ToString() => $"{Reason}: {Detail}";
}
