namespace AmtSim.Protocol.Wsman;

/// <summary>
/// One element of a parsed request: qualified name, attributes (local name → value), text and
/// children. A small immutable tree; built only by <see cref="WsmanRequest.Parse"/> from a reader
/// that never expands entities.
/// </summary>
public sealed class WsmanElement
{
    public WsmanElement(string localName, string namespaceUri, IReadOnlyDictionary<string, string> attributes, string text, IReadOnlyList<WsmanElement> children)
    {
        LocalName = localName;
        NamespaceUri = namespaceUri;
        Attributes = attributes;
        Text = text;
        Children = children;
    }

    public string LocalName { get; }

    public string NamespaceUri { get; }

    public IReadOnlyDictionary<string, string> Attributes { get; }

    /// <summary>The element's own text (text and CDATA children concatenated), untrimmed.</summary>
    public string Text { get; }

    public IReadOnlyList<WsmanElement> Children { get; }

    /// <summary>First child with this local name (any namespace when <paramref name="namespaceUri"/> is null).</summary>
    public WsmanElement? Child(string localName, string? namespaceUri = null)
    {
        // By index: a foreach over the interface would box the list's enumerator on every lookup.
        var children = Children;
        for (var i = 0; i < children.Count; i++)
        {
            var child = children[i];
            if (child.LocalName == localName && (namespaceUri is null || child.NamespaceUri == namespaceUri))
            {
                return child;
            }
        }

        return null;
    }

    /// <summary>All children with this local name, in document order.</summary>
    public IEnumerable<WsmanElement> ChildrenNamed(string localName) => Children.Where(c => c.LocalName == localName);

    /// <summary>Trimmed text of the first child with this local name, or null.</summary>
    public string? ChildText(string localName) => Child(localName)?.Text.Trim();

    public string? Attribute(string localName) => Attributes.TryGetValue(localName, out var v) ? v : null;

    public override string ToString() => $"{{{NamespaceUri}}}{LocalName}";
}
