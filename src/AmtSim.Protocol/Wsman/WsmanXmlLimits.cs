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

    /// <summary>Reader settings: no DTD, no resolver, character limits, no comments or processing instructions kept.</summary>
    public XmlReaderSettings CreateReaderSettings() => new()
    {
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
