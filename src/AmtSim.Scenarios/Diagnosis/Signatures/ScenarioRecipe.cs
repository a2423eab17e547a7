using YamlDotNet.RepresentationModel;

namespace AmtSim.Scenarios.Diagnosis.Signatures;

/// <summary>
/// The scenario that reproduces a signature: the file name of the shipped scenario (or the name an
/// emitted one gets) and a template of scenario keys the emitter starts from before filling in the log's facts.
/// </summary>
public sealed record ScenarioRecipe(string File, bool Shipped, YamlMappingNode Template);
