using System.Xml;

namespace AmtSim.Protocol.Wsman;

/// <summary>
/// Size limits for WS-Man request bodies and the one place that makes XML reader settings.
/// DTDs are prohibited and no resolver is set, so external entities (XXE) are never fetched
/// and internal entities ("billion laughs") are never expanded: such a body is refused.
/// </summary>
public sealed record WsmanXmlLimits
{
    /// <summary>Default maximum body size: 256 KiB (a certificate chain or a CSR is a few KiB). [I]</summary>
    public const int DefaultMaxBodyBytes = 256 * 1024;

    public static WsmanXmlLimits Default { get; } = new();

    /// <summary>Largest body accepted, in bytes; larger bodies are refused before any XML is read.</summary>
    public int MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    /// <summary>Deepest element nesting accepted.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Most elements accepted in one document.</summary>
    public int MaxElements { get; init; } = 4096;

    /// <summary>
    /// Reader settings: no DTD, no resolver, character limits, no comments or processing instructions
    /// kept. With <paramref name="shareNames"/> they carry this thread's name table
    /// (<see cref="ThreadNameTable"/>), so the element and namespace names every envelope repeats are
    /// not allocated again for each reader; a reader made with them must be used on this thread only,
    /// and only synchronously.
    /// </summary>
    public XmlReaderSettings CreateReaderSettings(bool shareNames = false) => new()
    {
        NameTable = shareNames ? ThreadNameTable.Current() : null,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxBodyBytes,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = false,
        CloseInput = true,
        ValidationType = ValidationType.None,
    };
}

/// <summary>
/// One <see cref="NameTable"/> per thread for the WS-Man readers made on it, bounded: once it holds
/// more than <see cref="MaxNames"/> names (a body full of invented names) the next reader gets a new
/// one, so hostile input cannot grow it without end.
/// </summary>
public sealed class ThreadNameTable : NameTable
{
    /// <summary>Names kept before the table is replaced; WS-Man's own vocabulary is a few hundred.</summary>
    public const int MaxNames = 4096;

    [ThreadStatic]
    private static ThreadNameTable? t_current;

    private int _names;

    /// <summary>Names added since this table was made.</summary>
    public int Names => _names;

    public static XmlNameTable Current()
    {
        var table = t_current;
        if (table is null || table._names > MaxNames)
        {
            t_current = table = new ThreadNameTable();
        }

        return table;
    }

    public override string Add(string key) => Get(key) ?? Added(base.Add(key));

    public override string Add(char[] key, int start, int len) => Get(key, start, len) ?? Added(base.Add(key, start, len));

    private string Added(string name)
    {
        _names++;
        return name;
    }
}
