using System.Buffers;
using System.Text;
using System.Xml.Linq;

namespace AmtSim.Protocol.Wsman;

/// <summary>
/// Writes XML the way AMT firmware does: one line, prefixed names, attribute values in double
/// quotes, empty elements written as a start and end tag, and no entities beyond the five
/// predefined ones (MeshCentral's reader understands nothing else).
/// </summary>
public sealed class CompactXmlWriter
{
    /// <summary>Largest builder kept for the thread's next writer, in characters (an enumeration of certificates can be far larger).</summary>
    internal const int MaxCachedCapacity = 32 * 1024;

    /// <summary>
    /// The builder the last writer of this thread gave back in <see cref="ToUtf8"/>: an envelope is
    /// written and encoded in one synchronous stretch, so each thread needs one, not one per envelope.
    /// </summary>
    [ThreadStatic]
    private static StringBuilder? t_cached;

    private StringBuilder? _builder;

    public CompactXmlWriter(int capacity = 1024)
    {
        var cached = t_cached;
        if (cached is not null)
        {
            t_cached = null;
            cached.Clear().EnsureCapacity(capacity);
            _builder = cached;
        }
        else
        {
            _builder = new StringBuilder(capacity);
        }
    }

    private StringBuilder Builder => _builder ?? throw new InvalidOperationException("this writer was already turned into bytes (ToUtf8); start a new one");

    public CompactXmlWriter Raw(string markup)
    {
        Builder.Append(markup);
        return this;
    }

    public CompactXmlWriter Start(string qualifiedName)
    {
        Builder.Append('<').Append(qualifiedName).Append('>');
        return this;
    }

    /// <summary>A start tag with one attribute.</summary>
    public CompactXmlWriter Start(string qualifiedName, string attributeName, string attributeValue)
    {
        Builder.Append('<').Append(qualifiedName).Append(' ').Append(attributeName).Append("=\"");
        Escape(attributeValue, attribute: true);
        Builder.Append("\">");
        return this;
    }

    public CompactXmlWriter End(string qualifiedName)
    {
        Builder.Append("</").Append(qualifiedName).Append('>');
        return this;
    }

    public CompactXmlWriter Text(string value)
    {
        Escape(value, attribute: false);
        return this;
    }

    /// <summary>&lt;name&gt;text&lt;/name&gt;.</summary>
    public CompactXmlWriter Element(string qualifiedName, string value) => Start(qualifiedName).Text(value).End(qualifiedName);

    /// <summary>&lt;name&gt;&lt;/name&gt; (AMT never writes self-closing tags).</summary>
    public CompactXmlWriter Empty(string qualifiedName) => Start(qualifiedName).End(qualifiedName);

    /// <summary>The text as UTF-8, encoded from the builder's chunks (no intermediate string).</summary>
    public byte[] ToUtf8()
    {
        var count = 0;
        foreach (var chunk in Builder.GetChunks())
        {
            count += Encoding.UTF8.GetByteCount(chunk.Span);
        }

        var bytes = new byte[count];
        var at = 0;
        var encoder = Encoding.UTF8.GetEncoder();
        foreach (var chunk in Builder.GetChunks())
        {
            at += encoder.GetBytes(chunk.Span, bytes.AsSpan(at), flush: false);
        }

        at += encoder.GetBytes([], bytes.AsSpan(at), flush: true);
        Release();
        return at == count ? bytes : bytes[..at];
    }

    public override string ToString() => Builder.ToString();

    /// <summary>Gives the builder back for the thread's next writer; this writer cannot be used after it.</summary>
    private void Release()
    {
        var builder = _builder;
        _builder = null;
        if (builder is not null && builder.Capacity <= MaxCachedCapacity)
        {
            t_cached = builder;
        }
    }

    /// <summary>
    /// Writes <paramref name="element"/> as <see cref="XNode.ToString(SaveOptions)"/> with
    /// <see cref="SaveOptions.DisableFormatting"/> writes it (a default-namespace declaration after the attributes where an
    /// element's namespace changes, <c>&lt;x /&gt;</c> for an empty element), without an XmlWriter;
    /// false, and nothing written, for a tree outside that plain form (prefixes or namespaced
    /// attributes, comments, CDATA, line breaks or control characters in text), which the caller
    /// writes through LINQ to XML instead.
    /// </summary>
    public bool TryElement(XElement element)
    {
        if (!IsPlain(element))
        {
            return false;
        }

        WriteElement(element, XNamespace.None);
        return true;
    }

    private static readonly SearchValues<char> NeedsXmlWriter = SearchValues.Create("\r\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000b\u000c\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\ufffe\uffff");

    /// <summary>In an attribute XmlWriter also writes line breaks and tabs as character references.</summary>
    private static readonly SearchValues<char> NeedsXmlWriterInAttribute = SearchValues.Create("\r\n\t\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000b\u000c\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\ufffe\uffff");

    private static bool IsPlain(XElement element)
    {
        // The attribute and node lists are walked as the linked lists they are: Attributes() and Nodes() allocate an iterator per element.
        for (var attribute = element.FirstAttribute; attribute is not null; attribute = attribute.NextAttribute)
        {
            if (attribute.IsNamespaceDeclaration || attribute.Name.Namespace != XNamespace.None
                || attribute.Value.AsSpan().ContainsAny(NeedsXmlWriterInAttribute) || HasSurrogateProblem(attribute.Value))
            {
                return false;
            }
        }

        for (var node = element.FirstNode; node is not null; node = node.NextNode)
        {
            switch (node)
            {
                case XElement child when IsPlain(child):
                    break;
                case XText text when text.NodeType == System.Xml.XmlNodeType.Text && !text.Value.AsSpan().ContainsAny(NeedsXmlWriter) && !HasSurrogateProblem(text.Value):
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    /// <summary>A lone surrogate, which XmlWriter refuses: left to it so the error stays the same.</summary>
    private static bool HasSurrogateProblem(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    private void WriteElement(XElement element, XNamespace inScope)
    {
        var name = element.Name;
        Builder.Append('<').Append(name.LocalName);
        for (var attribute = element.FirstAttribute; attribute is not null; attribute = attribute.NextAttribute)
        {
            Builder.Append(' ').Append(attribute.Name.LocalName).Append("=\"");
            Escape(attribute.Value, attribute: true);
            Builder.Append('"');
        }

        if (name.Namespace != inScope)
        {
            // After the attributes, where XmlWriter puts the declaration it adds.
            Builder.Append(" xmlns=\"");
            Escape(name.NamespaceName, attribute: true);
            Builder.Append('"');
        }

        if (element.IsEmpty)
        {
            Builder.Append(" />");
            return;
        }

        Builder.Append('>');
        for (var node = element.FirstNode; node is not null; node = node.NextNode)
        {
            if (node is XElement child)
            {
                WriteElement(child, name.Namespace);
            }
            else
            {
                Escape(((XText)node).Value, attribute: false);
            }
        }

        Builder.Append("</").Append(name.LocalName).Append('>');
    }

    private static readonly SearchValues<char> Special = SearchValues.Create("&<>\"'");

    private void Escape(string value, bool attribute)
    {
        var plain = value.AsSpan().IndexOfAny(Special);
        if (plain < 0)
        {
            Builder.Append(value);
            return;
        }

        Builder.Append(value, 0, plain);
        foreach (var c in value.AsSpan(plain))
        {
            switch (c)
            {
                case '&': Builder.Append("&amp;"); break;
                case '<': Builder.Append("&lt;"); break;
                case '>': Builder.Append("&gt;"); break;
                case '"' when attribute: Builder.Append("&quot;"); break;
                case '\'' when attribute: Builder.Append("&apos;"); break;
                default: Builder.Append(c); break;
            }
        }
    }
}
