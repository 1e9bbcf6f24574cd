using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LibreFang.Sidecar.Roslyn;

/// <summary>How the generated binding constructor reaches the adapter's own initialization.</summary>
internal enum ConstructorKind
{
    /// <summary>No constructor declared: generate a public parameterless one too.</summary>
    Implicit,
    /// <summary>A parameterless constructor is declared: chain to it.</summary>
    DeclaredParameterless,
    /// <summary>Several constructors, all with parameters: the factory cannot tell which to call.</summary>
    None,
    /// <summary>One constructor, taking services: the factory resolves each one and chains to it (AdapterConstructor).</summary>
    Injected,
}

/// <summary>The class itself: partial all the way out, closed, instantiable, with a constructor the factory can call.</summary>
internal static class AdapterShape
{
    public static bool IsPartialAll(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            foreach (var reference in current.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>Why the class cannot be an adapter at all (generic, static, abstract), or null.</summary>
    public static string? ShapeProblem(INamedTypeSymbol type) =>
        type.TypeParameters.Length > 0 ? "is generic; an adapter must be a closed, non-generic class"
        : type.IsStatic ? "is static; an adapter is instantiated from configuration"
        : type.IsAbstract ? "is abstract; an adapter is instantiated from configuration"
        : null;
}
