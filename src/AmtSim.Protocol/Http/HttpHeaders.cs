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
    public IReadOnlyList<string> All(string name)
    {
        List<string>? values = null;
        foreach (var (k, v) in _fields)
        {
            if (string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
            {
                (values ??= []).Add(v);
            }
        }

        return values ?? (IReadOnlyList<string>)[];
    }

    /// <summary>How many fields are named <paramref name="name"/>.</summary>
    public int CountOf(string name)
    {
        var n = 0;
        foreach (var (k, _) in _fields)
        {
            if (string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>True when a comma-separated header (Connection, Transfer-Encoding) lists <paramref name="token"/>.</summary>
    public bool HasToken(string name, string token)
    {
        foreach (var (k, value) in _fields)
        {
            if (!string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var part in value.AsSpan().Split(','))
            {
                if (value.AsSpan()[part].Trim().Equals(token, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
