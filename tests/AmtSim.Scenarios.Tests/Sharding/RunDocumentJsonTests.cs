using System.Reflection;
using System.Text.Json;
using AmtSim.Scenarios.Running;
using AmtSim.Scenarios.Sharding;
using Xunit;

namespace AmtSim.Scenarios.Tests.Sharding;

/// <summary>
/// The run document's JSON is source-generated (so the native build reads and writes it); an enum
/// without its converter line would silently become a number in every run output.
/// </summary>
public sealed class RunDocumentJsonTests
{
    [Fact]
    public void Every_enum_in_the_document_is_written_as_a_camel_case_string()
    {
        var enums = ReachableEnums(typeof(RunDocument));
        Assert.Contains(typeof(Verdict), enums);
        foreach (var type in enums)
        {
            var value = Enum.GetValues(type).GetValue(0)!;
            var json = JsonSerializer.Serialize(value, RunDocument.JsonOptions.GetTypeInfo(type));
            var name = Enum.GetName(type, value)!;
            Assert.True(json == $"\"{char.ToLowerInvariant(name[0])}{name[1..]}\"", $"{type.Name}.{name} is written as {json}");
        }
    }

    [Fact]
    public void A_document_round_trips_with_its_verdict_as_text()
    {
        var document = new RunDocument
        {
            Scenarios =
            [
                new ScenarioRecord { File = "a.yaml", Name = "a", Seed = 3, Verdict = Verdict.Partial },
            ],
        };
        var json = document.ToJson();
        Assert.Contains("\"verdict\":\"partial\"", json, StringComparison.Ordinal);
        Assert.Contains("\"format\":\"amtsim-run/1\"", json, StringComparison.Ordinal);
        var back = RunDocument.Parse(json, "test");
        Assert.Equal(Verdict.Partial, Assert.Single(back.Scenarios).Verdict);
    }

    /// <summary>Enum types of every public property reachable from <paramref name="root"/>, through collections and nullables.</summary>
    private static HashSet<Type> ReachableEnums(Type root)
    {
        var enums = new HashSet<Type>();
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>([root]);
        while (pending.TryPop(out var type))
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (!seen.Add(type))
            {
                continue;
            }

            if (type.IsEnum)
            {
                enums.Add(type);
                continue;
            }

            if (type.IsPrimitive || type == typeof(string) || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true && !type.IsGenericType)
            {
                continue;
            }

            foreach (var argument in type.IsArray ? [type.GetElementType()!] : type.GetGenericArguments())
            {
                pending.Push(argument);
            }

            if (type.Namespace?.StartsWith("AmtSim", StringComparison.Ordinal) == true)
            {
                foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    pending.Push(property.PropertyType);
                }
            }
        }

        return enums;
    }
}
