namespace AmtSim.Protocol.Http;

/// <summary>Header fields in the order received; names compare case-insensitively.</summary>
public sealed class HttpHeaders
{
    private readonly List<KeyValuePair<string, string>> _fields = [];

    public int Count => _fields.Count;

    public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;

    public void Add(string name, string value) => _fields.Add(new(name, value));

    /// <summary>The first value of <paramref name="name"/>, or null.</summary>
    public string? this[string name]
    {
        get
        {
            foreach (var (k, v) in _fields)
            {
                if (string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
                {
                    return v;
                }
            }

            return null;
        }
    }

    /// <summary>Every value of <paramref name="name"/>, in order.</summary>
    public IEnumerable<string> All(string name)
        => _fields.Where(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase)).Select(f => f.Value);

    /// <summary>True when a comma-separated header (Connection, Transfer-Encoding) lists <paramref name="token"/>.</summary>
    public bool HasToken(string name, string token)
    {
        foreach (var value in All(name))
        {
            foreach (var part in value.Split(','))
            {
                if (string.Equals(part.Trim(), token, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
