using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace LibreFang.Sidecar.Generators.Model;

/// <summary>Where the generated partial declaration goes: its containing types and its file's hint name.</summary>
internal static class AdapterNaming
{
    public static EquatableArray<ContainingTypeModel> ContainingTypes(INamedTypeSymbol type)
    {
        var chain = new List<ContainingTypeModel>();
        for (var current = type.ContainingType; current is not null; current = current.ContainingType)
        {
            var keyword = current.IsRecord ? (current.IsValueType ? "record struct" : "record")
                : current.TypeKind == TypeKind.Struct ? "struct"
                : current.TypeKind == TypeKind.Interface ? "interface"
                : "class";
            var name = current.TypeParameters.Length == 0 ? current.Name : $"{current.Name}<{string.Join(", ", current.TypeParameters.Select(t => t.Name))}>";
            chain.Insert(0, new ContainingTypeModel(keyword, name));
        }
        return chain.ToEquatableArray();
    }

    public static string HintName(INamedTypeSymbol type)
    {
        var name = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", "");
        var chars = name.Select(c => char.IsLetterOrDigit(c) || c == '.' || c == '_' ? c : '_').ToArray();
        return new string(chars) + ".g.cs";
    }
}
