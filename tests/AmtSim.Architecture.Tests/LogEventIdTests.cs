using System.Reflection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace AmtSim.Architecture.Tests;

/// <summary>
/// Event ids are never reused (issue 13): every [LoggerMessage] class owns a block of 100 ids of its
/// own (docs/ARCHITECTURE.md lists them), and no id appears twice anywhere in AmtSim.
/// </summary>
public class LogEventIdTests
{
    [Fact]
    public void LoggerMessages_EveryLayer_OwnBlocksAndNeverShareAnId()
    {
        var messages = LayerRules.Allowed.Keys
            .Select(name => Assembly.Load(name == "AmtSim.Cli" ? "amtsim" : name))
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
                .Where(x => x.Attribute is not null)
                .Select(x => (Owner: t.FullName!, x.Attribute!.EventId)))
            .ToList();

        Assert.NotEmpty(messages);
        Assert.Empty(EventIdRules.Violations(messages));
    }

    [Fact]
    public void Violations_TwoClassesInOneBlockAndADuplicateId_AreReported()
    {
        (string, int)[] messages = [("A.Log", 2001), ("A.Log", 2002), ("B.Log", 2050), ("C.Log", 3001), ("C.Log", 3001), ("D.Log", 1)];

        Assert.Equal(
            ["block 0: D.Log uses ids below 1000", "block 2000: shared by A.Log, B.Log", "id 3001 used 2 times (C.Log)"],
            EventIdRules.Violations(messages));
    }

    [Fact]
    public void Violations_ClassSpanningTwoBlocks_IsReported()
    {
        (string, int)[] messages = [("A.Log", 2099), ("A.Log", 2100)];

        Assert.Equal(["A.Log: ids in blocks 2000, 2100"], EventIdRules.Violations(messages));
    }
}

/// <summary>The event-id rules: ids from 1000 up, one block of 100 per logging class, no id twice.</summary>
public static class EventIdRules
{
    public static IReadOnlyList<string> Violations(IEnumerable<(string Owner, int EventId)> messages)
    {
        var list = messages.ToList();
        var violations = new List<string>();
        foreach (var owner in list.GroupBy(m => m.Owner).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var blocks = owner.Select(m => m.EventId / 100 * 100).Distinct().Order().ToList();
            if (blocks.Count > 1)
            {
                violations.Add($"{owner.Key}: ids in blocks {string.Join(", ", blocks)}");
            }
        }

        foreach (var block in list.GroupBy(m => m.EventId / 100 * 100).OrderBy(g => g.Key))
        {
            var owners = block.Select(m => m.Owner).Distinct().Order(StringComparer.Ordinal).ToList();
            if (block.Key < 1000)
            {
                violations.Add($"block {block.Key}: {string.Join(", ", owners)} uses ids below 1000");
            }
            else if (owners.Count > 1)
            {
                violations.Add($"block {block.Key}: shared by {string.Join(", ", owners)}");
            }
        }

        foreach (var id in list.GroupBy(m => m.EventId).Where(g => g.Count() > 1).OrderBy(g => g.Key))
        {
            violations.Add($"id {id.Key} used {id.Count()} times ({string.Join(", ", id.Select(m => m.Owner).Distinct())})");
        }

        return violations;
    }
}
