namespace AmtSim.Firmware.Tests.Validation;

/// <summary>A root, its intermediates (top one signed by the root) and a leaf; defaults give a chain every device accepts.</summary>
internal sealed record ChainSpec
{
    public CertSpec Root { get; init; } = CertSpec.Root();

    /// <summary>Listed from the one just above the leaf up to the one just below the root.</summary>
    public IReadOnlyList<CertSpec> Intermediates { get; init; } = [CertSpec.Intermediate()];

    public CertSpec Leaf { get; init; } = CertSpec.Leaf();

    public static ChainSpec Default { get; } = new();

    public ChainSpec WithLeaf(Func<CertSpec, CertSpec> change) => this with { Leaf = change(Leaf) };

    public ChainSpec WithRoot(Func<CertSpec, CertSpec> change) => this with { Root = change(Root) };

    /// <summary>Changes the intermediate just above the leaf.</summary>
    public ChainSpec WithIntermediate(Func<CertSpec, CertSpec> change) => this with { Intermediates = [change(Intermediates[0]), .. Intermediates.Skip(1)] };
}
