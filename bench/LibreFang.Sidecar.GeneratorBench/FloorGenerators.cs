using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LibreFang.Sidecar.GeneratorBench;

// Reference generators with the same shape as ours (one tiny file per [SidecarAdapter] class) and next to no work of
// their own. What they cost is the driver's cost on this compilation: the floor under any generator of that shape.

/// <summary>ForAttributeWithMetadataName on the same attribute; the transform only reads the symbol's name.</summary>
internal sealed class AttributeFloorGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var names = context.SyntaxProvider.ForAttributeWithMetadataName(
            "LibreFang.Sidecar.SidecarAdapterAttribute",
            predicate: static (node, _) => node is ClassDeclarationSyntax,
            transform: static (ctx, _) => ctx.TargetSymbol.Name);
        context.RegisterSourceOutput(names, static (spc, name) => spc.AddSource(name + ".floor.g.cs", "// " + name));
    }
}

/// <summary>CreateSyntaxProvider matching the attribute by its simple name; no semantic model is touched.</summary>
internal sealed class SyntaxFloorGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var names = context.SyntaxProvider.CreateSyntaxProvider(
            predicate: static (node, _) => node is ClassDeclarationSyntax { AttributeLists.Count: > 0 } type && HasAdapterAttribute(type),
            transform: static (ctx, _) => ((ClassDeclarationSyntax)ctx.Node).Identifier.ValueText);
        context.RegisterSourceOutput(names, static (spc, name) => spc.AddSource(name + ".floor.g.cs", "// " + name));
    }

    private static bool HasAdapterAttribute(ClassDeclarationSyntax type)
    {
        foreach (var list in type.AttributeLists)
        {
            foreach (var attribute in list.Attributes)
            {
                var name = attribute.Name switch
                {
                    QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                    SimpleNameSyntax simple => simple.Identifier.ValueText,
                    _ => "",
                };
                if (name is "SidecarAdapter" or "SidecarAdapterAttribute")
                {
                    return true;
                }
            }
        }
        return false;
    }
}
