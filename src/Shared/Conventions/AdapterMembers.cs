using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace LibreFang.Sidecar.Roslyn;

/// <summary>
/// The members the adapter conventions look at, from one pass over the class's own members (each member's
/// attributes read once) and one over each base class for <c>[OnCommand]</c> methods.
/// </summary>
/// <remarks>
/// Inheritance policy: <c>[OnCommand]</c> methods declared on base classes are handlers of the adapter, so they are
/// both dispatched by the generator and counted as handled by the analyzers. Base-class handlers come first, then the
/// class's own, each in declaration order, so a duplicate is reported on the more derived method. A handler that a
/// more derived [OnCommand] method overrides counts once, as that override; an override without the attribute leaves
/// the base method the handler (the generated call is virtual and reaches the override). Configuration members are
/// read from the class itself only.
/// </remarks>
internal sealed class AdapterMembers
{
    public readonly List<IMethodSymbol> Handlers = [];
    public readonly List<(ISymbol Member, AttributeData Attribute)> ConfigMembers = [];
    public readonly List<IFieldSymbol> Fields = [];
    public readonly List<ISymbol> UnboundRequired = [];

    public static AdapterMembers Scan(INamedTypeSymbol type, RuntimeSymbols symbols, CancellationToken cancellationToken)
    {
        var scan = new AdapterMembers();
        HashSet<IMethodSymbol>? overridden = null;
        var own = new List<IMethodSymbol>();
        foreach (var member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (member)
            {
                case IMethodSymbol method:
                    if (symbols.IsCommandHandler(method))
                    {
                        own.Add(method);
                        if (method.IsOverride)
                        {
                            AddOverridden(method, ref overridden);
                        }
                    }
                    break;
                case IPropertySymbol or IFieldSymbol:
                    if (member is IFieldSymbol field)
                    {
                        scan.Fields.Add(field);
                    }
                    var configField = RuntimeSymbols.FindAttribute(member, symbols.ConfigFieldAttribute);
                    if (configField is not null)
                    {
                        scan.ConfigMembers.Add((member, configField));
                    }
                    else if (IsRequired(member))
                    {
                        scan.UnboundRequired.Add(member);
                    }
                    break;
            }
        }

        // Nearest base first while walking, so overrides are known before the methods they override.
        List<List<IMethodSymbol>>? inherited = null;
        for (var current = type.BaseType; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            cancellationToken.ThrowIfCancellationRequested();
            List<IMethodSymbol>? level = null;
            var levelOverrides = new List<IMethodSymbol>();
            foreach (var member in current.GetMembers())
            {
                if (member is not IMethodSymbol method)
                {
                    continue;
                }
                if (!symbols.IsCommandHandler(method))
                {
                    continue;
                }
                if (method.IsOverride)
                {
                    levelOverrides.Add(method);
                }
                if (overridden is null || !overridden.Contains(method))
                {
                    (level ??= []).Add(method);
                }
            }
            foreach (var method in levelOverrides)
            {
                AddOverridden(method, ref overridden);
            }
            if (level is not null)
            {
                (inherited ??= []).Add(level);
            }
        }
        if (inherited is not null)
        {
            for (var i = inherited.Count - 1; i >= 0; i--)
            {
                scan.Handlers.AddRange(inherited[i]);
            }
        }
        scan.Handlers.AddRange(own);
        return scan;
    }

    public static bool IsRequired(ISymbol member) => member switch
    {
        IPropertySymbol property => property.IsRequired,
        IFieldSymbol field => field.IsRequired,
        _ => false,
    };

    private static void AddOverridden(IMethodSymbol method, ref HashSet<IMethodSymbol>? overridden)
    {
        for (var current = method.OverriddenMethod; current is not null; current = current.OverriddenMethod)
        {
            (overridden ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default)).Add(current);
        }
    }
}
