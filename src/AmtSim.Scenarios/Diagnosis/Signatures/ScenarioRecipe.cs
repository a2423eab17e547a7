using YamlDotNet.RepresentationModel;

namespace AmtSim.Scenarios.Diagnosis.Signatures;

/// <summary>
/// The scenario that reproduces a signature: the file name of the shipped scenario (or the name an
/// emitted one gets) and a template of scenario keys the emitter starts from before filling in the
/// log's facts (it always says <c>run-for</c>, and its expectations are what the simulator shows for
/// this failure, so the emitted scenario passes). <see cref="Note"/> says what the simulator cannot
/// show of the failure, when the repro only approximates it.
/// </summary>
public sealed record ScenarioRecipe(string File, bool Shipped, YamlMappingNode Template, string? Note = null);
