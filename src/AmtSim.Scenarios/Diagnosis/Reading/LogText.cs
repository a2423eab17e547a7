namespace AmtSim.Scenarios.Diagnosis.Reading;

/// <summary>A decoded log: its text and how the bytes were read.</summary>
public sealed record LogText(string Text, string Encoding);
