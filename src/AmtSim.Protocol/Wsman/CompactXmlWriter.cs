using System.Text;

namespace AmtSim.Protocol.Wsman;

/// <summary>
/// Writes XML the way AMT firmware does: one line, prefixed names, attribute values in double
/// quotes, empty elements written as a start and end tag, and no entities beyond the five
/// predefined ones (MeshCentral's reader understands nothing else).
/// </summary>
public sealed class CompactXmlWriter
{
    private readonly StringBuilder _text;

    public CompactXmlWriter(int capacity = 1024) => _text = new StringBuilder(capacity);

    public CompactXmlWriter Raw(string markup)
    {
        _text.Append(markup);
        return this;
    }

    public CompactXmlWriter Start(string qualifiedName)
    {
        _text.Append('<').Append(qualifiedName).Append('>');
        return this;
    }

    /// <summary>A start tag with one attribute.</summary>
    public CompactXmlWriter Start(string qualifiedName, string attributeName, string attributeValue)
    {
        _text.Append('<').Append(qualifiedName).Append(' ').Append(attributeName).Append("=\"");
        Escape(attributeValue, attribute: true);
        _text.Append("\">");
        return this;
    }

    public CompactXmlWriter End(string qualifiedName)
    {
        _text.Append("</").Append(qualifiedName).Append('>');
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

    public byte[] ToUtf8() => Encoding.UTF8.GetBytes(_text.ToString());

    public override string ToString() => _text.ToString();

    private void Escape(string value, bool attribute)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '&': _text.Append("&amp;"); break;
                case '<': _text.Append("&lt;"); break;
                case '>': _text.Append("&gt;"); break;
                case '"' when attribute: _text.Append("&quot;"); break;
                case '\'' when attribute: _text.Append("&apos;"); break;
                default: _text.Append(c); break;
            }
        }
    }
}
