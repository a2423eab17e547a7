using System.Text.RegularExpressions;
using AmtSim.Runtime.Determinism;
using AmtSim.Scenarios.Loading;
using AmtSim.Testing.Fixtures;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace AmtSim.Cli.Tests.Deploy;

/// <summary>
/// deploy/kubernetes checked offline (issue 19). kubectl's client-side dry run still asks a cluster
/// for its API list, and there is none here, so the manifests are checked against the fields of the
/// Kubernetes objects they use (a misspelt field fails), and what each pod runs is parsed by amtsim's
/// own command line: every pod's arguments must be a valid amtsim command, the shard count must equal
/// the Job's completions and parallelism, and the scenario in the ConfigMap must load.
/// </summary>
public sealed partial class KubernetesManifestTests
{
    private static readonly string Folder = Path.Combine(RepoFixtures.RepositoryRoot, "deploy", "kubernetes");

    // The fields these manifests may use, by object path (Kubernetes API v1 / batch/v1).
    private static readonly Dictionary<string, string[]> Fields = new()
    {
        [""] = ["apiVersion", "kind", "metadata", "spec", "data"],
        ["metadata"] = ["name", "labels", "namespace", "annotations"],
        ["Job.spec"] = ["completionMode", "completions", "parallelism", "backoffLimit", "backoffLimitPerIndex", "activeDeadlineSeconds", "ttlSecondsAfterFinished", "template"],
        ["Job.spec.template"] = ["metadata", "spec"],
        ["Job.spec.template.spec"] = ["restartPolicy", "securityContext", "containers", "volumes", "nodeSelector", "tolerations", "serviceAccountName"],
        ["Job.spec.template.spec.securityContext"] = ["runAsNonRoot", "runAsUser", "runAsGroup", "fsGroup"],
        ["container"] = ["name", "image", "imagePullPolicy", "args", "command", "env", "resources", "securityContext", "volumeMounts"],
        ["container.securityContext"] = ["allowPrivilegeEscalation", "readOnlyRootFilesystem", "capabilities", "runAsNonRoot"],
        ["container.resources"] = ["requests", "limits"],
        ["volume"] = ["name", "configMap", "persistentVolumeClaim", "emptyDir"],
        ["PersistentVolumeClaim.spec"] = ["accessModes", "resources", "storageClassName"],
    };

    private static IEnumerable<(string File, YamlMappingNode Root)> Documents()
    {
        foreach (var file in Directory.GetFiles(Folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            foreach (var document in stream.Documents)
            {
                yield return (Path.GetFileName(file), (YamlMappingNode)document.RootNode);
            }
        }
    }

    private static YamlNode At(YamlMappingNode map, params string[] path)
    {
        YamlNode node = map;
        foreach (var key in path)
        {
            node = ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var next)
                ? next
                : throw new Xunit.Sdk.XunitException($"missing {string.Join('.', path)}");
        }

        return node;
    }

    private static string Scalar(YamlMappingNode map, params string[] path) => ((YamlScalarNode)At(map, path)).Value!;

    private static void OnlyKnownFields(string file, string what, YamlNode node)
    {
        var allowed = Fields[what];
        foreach (var key in ((YamlMappingNode)node).Children.Keys.Cast<YamlScalarNode>())
        {
            Assert.True(allowed.Contains(key.Value), $"{file}: '{key.Value}' is not a field of {what} (known: {string.Join(", ", allowed)})");
        }
    }

    [Fact]
    public void Manifests_UseOnlyKnownFields_AndKnownKinds()
    {
        var documents = Documents().ToList();
        Assert.NotEmpty(documents);
        foreach (var (file, root) in documents)
        {
            OnlyKnownFields(file, "", root);
            OnlyKnownFields(file, "metadata", At(root, "metadata"));
            var kind = Scalar(root, "kind");
            Assert.Contains(kind, new[] { "ConfigMap", "PersistentVolumeClaim", "Job" });
            Assert.Equal(kind == "Job" ? "batch/v1" : "v1", Scalar(root, "apiVersion"));
            if (kind == "PersistentVolumeClaim")
            {
                OnlyKnownFields(file, "PersistentVolumeClaim.spec", At(root, "spec"));
            }

            if (kind != "Job")
            {
                continue;
            }

            OnlyKnownFields(file, "Job.spec", At(root, "spec"));
            OnlyKnownFields(file, "Job.spec.template", At(root, "spec", "template"));
            var pod = (YamlMappingNode)At(root, "spec", "template", "spec");
            OnlyKnownFields(file, "Job.spec.template.spec", pod);
            OnlyKnownFields(file, "Job.spec.template.spec.securityContext", At(pod, "securityContext"));
            Assert.Equal("true", Scalar(pod, "securityContext", "runAsNonRoot"));
            Assert.Equal("Never", Scalar(pod, "restartPolicy"));
            var volumes = ((YamlSequenceNode)At(pod, "volumes")).Children.Cast<YamlMappingNode>().ToList();
            volumes.ForEach(v => OnlyKnownFields(file, "volume", v));
            foreach (var container in ((YamlSequenceNode)At(pod, "containers")).Children.Cast<YamlMappingNode>())
            {
                OnlyKnownFields(file, "container", container);
                OnlyKnownFields(file, "container.securityContext", At(container, "securityContext"));
                OnlyKnownFields(file, "container.resources", At(container, "resources"));
                Assert.NotNull(At(container, "resources", "requests", "cpu"));
                Assert.NotNull(At(container, "resources", "requests", "memory"));
                foreach (var mount in ((YamlSequenceNode)At(container, "volumeMounts")).Children.Cast<YamlMappingNode>())
                {
                    Assert.Contains(Scalar(mount, "name"), volumes.Select(v => Scalar(v, "name")));
                }
            }
        }
    }

    [Fact]
    public void FleetJob_EveryPodRunsAValidShardOfTheScenario_ShardsMatchCompletionsAndParallelism()
    {
        var documents = Documents().Where(d => d.File == "fleet-job.yaml").Select(d => d.Root).ToList();
        var job = documents.Single(d => Scalar(d, "kind") == "Job");
        Assert.Equal("Indexed", Scalar(job, "spec", "completionMode"));
        var completions = int.Parse(Scalar(job, "spec", "completions"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(completions, int.Parse(Scalar(job, "spec", "parallelism"), System.Globalization.CultureInfo.InvariantCulture));
        var container = (YamlMappingNode)((YamlSequenceNode)At(job, "spec", "template", "spec", "containers")).Children.Single();
        var args = ((YamlSequenceNode)At(container, "args")).Children.Cast<YamlScalarNode>().Select(a => a.Value!).ToList();

        var outputs = new HashSet<string>();
        for (var index = 0; index < completions; index++)
        {
            // Kubernetes expands $(VAR) in args from the container's environment; an Indexed Job sets JOB_COMPLETION_INDEX.
            var expanded = args.Select(a => a.Replace("$(JOB_COMPLETION_INDEX)", index.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)).ToArray();
            var parse = Program.BuildRoot().Parse(expanded);
            Assert.Empty(parse.Errors);
            Assert.Null(AmtSim.Cli.Commands.UnknownOptions.Find(parse));
            var shard = Shard.Parse(expanded[Array.IndexOf(expanded, "--shard") + 1]);
            Assert.Equal((index, completions), (shard.Index, shard.Count));
            Assert.True(outputs.Add(expanded[Array.IndexOf(expanded, "--out") + 1]), "two pods write the same output file");
        }

        Assert.DoesNotContain(args, a => Unexpanded().IsMatch(a.Replace("$(JOB_COMPLETION_INDEX)", "", StringComparison.Ordinal)));

        // The scenario the pods run loads, and the per-pod share the README promises holds.
        var configMap = documents.Single(d => Scalar(d, "kind") == "ConfigMap");
        var scenario = ScenarioLoader.Parse(Scalar(configMap, "data", "fleet.yaml"), "fleet.yaml");
        Assert.Equal("/scenario/fleet.yaml", args[1]);
        var total = scenario.Network.Scopes.Sum(s => s.Devices);
        Assert.Equal(100_000, total);
        Assert.Equal(5_000, new Shard(completions - 1, completions).Range(total).Length);
        Assert.Contains("20 pods of 5,000 devices", File.ReadAllText(Path.Combine(Folder, "README.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void MergeJob_RunsAValidMergeOfTheResultsVolume()
    {
        var job = Documents().Single(d => d.File == "merge-job.yaml").Root;
        var container = (YamlMappingNode)((YamlSequenceNode)At(job, "spec", "template", "spec", "containers")).Children.Single();
        var args = ((YamlSequenceNode)At(container, "args")).Children.Cast<YamlScalarNode>().Select(a => a.Value!).ToArray();

        var parse = Program.BuildRoot().Parse(args);

        Assert.Empty(parse.Errors);
        Assert.Equal("merge", args[0]);
        var fleetClaim = Documents().Single(d => d.File == "fleet-job.yaml" && Scalar(d.Root, "kind") == "PersistentVolumeClaim").Root;
        var volume = ((YamlSequenceNode)At(job, "spec", "template", "spec", "volumes")).Children.Cast<YamlMappingNode>().Single();
        Assert.Equal(Scalar(fleetClaim, "metadata", "name"), Scalar(volume, "persistentVolumeClaim", "claimName"));
    }

    [Fact]
    public void Dockerfile_InstallsThePackedToolAndRunsAsNonRoot()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoFixtures.RepositoryRoot, "Dockerfile")).Where(l => !l.StartsWith('#')).ToList();

        Assert.Contains(lines, l => l.Contains("dotnet pack src/AmtSim.Cli/AmtSim.Cli.csproj", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("dotnet tool install --tool-path /opt/amtsim", StringComparison.Ordinal));
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/runtime:10.0", lines.Last(l => l.StartsWith("FROM ", StringComparison.Ordinal)), StringComparison.Ordinal);
        var user = lines.Last(l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.DoesNotContain(user["USER ".Length..].Trim(), new[] { "root", "0" });
        Assert.Contains("ENTRYPOINT [\"amtsim\"]", lines);
    }

    [GeneratedRegex(@"\$\([A-Z_]+\)")]
    private static partial Regex Unexpanded();
}
