using Microsoft.CodeAnalysis;

namespace LibreFang.Sidecar.Roslyn;

/// <summary>How the shared model spells types: fully qualified, as generated code writes them.</summary>
internal static class TypeNames
{
    public static string Full(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    /// <summary>A fully qualified name without the <c>global::</c> prefix, for messages.</summary>
    public static string ForMessage(string fullName) => fullName.Replace("global::", "");
}
