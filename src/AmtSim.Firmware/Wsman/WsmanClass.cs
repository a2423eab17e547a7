using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman;

/// <summary>
/// One CIM/AMT/IPS class the device serves. Reads come from <see cref="Instances"/>; a class
/// overrides the operations and methods it supports. State rules are checked before any of this
/// runs (<see cref="StateRules"/>).
/// </summary>
public abstract class WsmanClass
{
    public abstract string ClassName { get; }

    public string ResourceUri => WsmanNamespaces.ResourceUriOf(ClassName);

    /// <summary>Custom methods (invoked with action ResourceUri + "/" + method).</summary>
    public virtual IReadOnlyCollection<string> Methods => [];

    /// <summary>Operations besides Get and Enumerate this class supports (Put, Create, Delete).</summary>
    public virtual IReadOnlyCollection<WsmanOperation> Operations => [];

    /// <summary>The current instances, in enumeration order.</summary>
    public abstract IReadOnlyList<WsmanInstance> Instances(WsmanCall call);

    /// <summary>The instance the request's selectors name (selectors on properties the instance lacks are ignored).</summary>
    public virtual WsmanResult Get(WsmanCall call)
    {
        var instances = Instances(call);
        if (instances.Count == 0)
        {
            return WsmanResult.Fault(WsmanFaultKind.DestinationUnreachable, $"no {ClassName} instance exists");
        }

        var match = Select(instances, call.Request.SelectorSet);
        return match is null
            ? WsmanResult.Fault(WsmanFaultKind.InvalidSelectors, $"no {ClassName} instance matches {Describe(call.Request.SelectorSet)}")
            : new InstanceResult(match);
    }

    public virtual WsmanResult Put(WsmanCall call) => NotSupported("Put");

    public virtual WsmanResult Create(WsmanCall call) => NotSupported("Create");

    public virtual WsmanResult Delete(WsmanCall call) => NotSupported("Delete");

    public virtual WsmanResult Invoke(string method, WsmanCall call) => NotSupported(method);

    protected WsmanResult NotSupported(string what) => WsmanResult.Fault(WsmanFaultKind.ActionNotSupported, $"{ClassName} does not support {what}");

    protected WsmanInstance Instance(params WsmanProperty[] properties) => new(ResourceUri, properties);

    protected WsmanInstance Instance(IEnumerable<WsmanProperty> properties) => new(ResourceUri, [.. properties]);

    /// <summary>First instance whose properties agree with every selector naming one of its properties.</summary>
    public static WsmanInstance? Select(IReadOnlyList<WsmanInstance> instances, IReadOnlyList<KeyValuePair<string, string>> selectors)
    {
        foreach (var instance in instances)
        {
            var matches = true;
            foreach (var (name, value) in selectors)
            {
                var own = instance[name];
                if (own is not null && own != value)
                {
                    matches = false;
                    break;
                }
            }

            if (matches)
            {
                return instance;
            }
        }

        return null;
    }

    /// <summary>
    /// Merges a Put body into an instance's properties: written values replace the current ones
    /// (all occurrences of a repeated name), unknown written names are appended, the rest is kept.
    /// </summary>
    public static List<WsmanProperty> Merge(IReadOnlyList<WsmanProperty> current, WsmanElement body)
    {
        var written = new List<WsmanProperty>();
        foreach (var child in body.Children)
        {
            var reference = EndpointReference.FromElement(child);
            written.Add(reference is null ? new WsmanProperty(child.LocalName, child.Text.Trim()) : WsmanProperty.Ref(child.LocalName, reference));
        }

        var writtenNames = written.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var emitted = new HashSet<string>(StringComparer.Ordinal);
        var merged = new List<WsmanProperty>();
        foreach (var property in current)
        {
            if (!writtenNames.Contains(property.Name))
            {
                merged.Add(property);
            }
            else if (emitted.Add(property.Name))
            {
                merged.AddRange(written.Where(w => w.Name == property.Name));
            }
        }

        foreach (var property in written)
        {
            if (!current.Any(c => c.Name == property.Name))
            {
                merged.Add(property);
            }
        }

        return merged;
    }

    private static string Describe(IReadOnlyList<KeyValuePair<string, string>> selectors)
        => selectors.Count == 0 ? "(no selectors)" : string.Join(", ", selectors.Select(s => $"{s.Key}='{s.Value}'"));
}

/// <summary>The WS-Transfer/WS-Enumeration operations and custom-method invocation.</summary>
public enum WsmanOperation
{
    Get,
    Put,
    Create,
    Delete,
    Enumerate,
    Pull,
    Release,
    Invoke,
}
