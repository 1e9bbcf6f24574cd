using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LibreFang.Sidecar.Analyzers.Model;

/// <summary>A capability string declared in <c>[SidecarAdapter(Capabilities = ...)]</c> and where it is written.</summary>
internal sealed class DeclaredCapability
{
    public DeclaredCapability(string name, Location location)
    {
        Name = name;
        Location = location;
    }

    public string Name { get; }

    /// <summary>The array element that declares it (or the attribute when the element is not visible in source).</summary>
    public Location Location { get; }
}

/// <summary>What one [SidecarAdapter] class decides about commands: its handlers, its ignore list, its capabilities.</summary>
internal sealed class AdapterModel
{
    public const string CapabilitiesArgument = "Capabilities";
    public const string IgnoredCommandsArgument = "IgnoredCommands";

    private AdapterModel(
        INamedTypeSymbol type,
        Location location,
        bool hasCatchAllHandler,
        ImmutableHashSet<INamedTypeSymbol> handled,
        ImmutableHashSet<INamedTypeSymbol> ignored,
        ImmutableArray<DeclaredCapability> capabilities)
    {
        Type = type;
        Location = location;
        HasCatchAllHandler = hasCatchAllHandler;
        Handled = handled;
        Ignored = ignored;
        Capabilities = capabilities;
    }

    public INamedTypeSymbol Type { get; }

    /// <summary>The identifier of the class declaration that carries the attribute.</summary>
    public Location Location { get; }

    /// <summary>An [OnCommand] method takes the base <c>Command</c>: every command reaches adapter code.</summary>
    public bool HasCatchAllHandler { get; }

    /// <summary>Command types with an [OnCommand] method of their own.</summary>
    public ImmutableHashSet<INamedTypeSymbol> Handled { get; }

    /// <summary>Command types listed in <c>IgnoredCommands</c>.</summary>
    public ImmutableHashSet<INamedTypeSymbol> Ignored { get; }

    public ImmutableArray<DeclaredCapability> Capabilities { get; }

    public bool Handles(INamedTypeSymbol command) => HasCatchAllHandler || Handled.Contains(command);

    public static AdapterModel? Create(INamedTypeSymbol type, SidecarSymbols symbols, CancellationToken cancellationToken)
    {
        var attribute = symbols.GetAdapterAttribute(type);
        if (attribute is null)
        {
            return null;
        }

        var catchAll = false;
        var handled = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        // Handlers declared on a base class count too: reporting a command as unhandled when it is handled would be
        // worse than missing one.
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary, Parameters.Length: > 0 } method
                    || !symbols.IsCommandHandler(method))
                {
                    continue;
                }
                var commandType = method.Parameters[0].Type as INamedTypeSymbol;
                if (SymbolEqualityComparer.Default.Equals(commandType, symbols.Command))
                {
                    catchAll = true;
                }
                else if (commandType is not null)
                {
                    handled.Add(commandType);
                }
            }
        }

        var ignored = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        var capabilities = ImmutableArray.CreateBuilder<DeclaredCapability>();
        var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == IgnoredCommandsArgument && argument.Value.Kind == TypedConstantKind.Array)
            {
                foreach (var element in argument.Value.Values)
                {
                    if (element.Value is INamedTypeSymbol ignoredType)
                    {
                        ignored.Add(ignoredType);
                    }
                }
            }
            else if (argument.Key == CapabilitiesArgument && argument.Value.Kind == TypedConstantKind.Array)
            {
                var elementSyntax = FindArrayElements(attributeSyntax, CapabilitiesArgument);
                var values = argument.Value.Values;
                for (var i = 0; i < values.Length; i++)
                {
                    if (values[i].Value is not string name)
                    {
                        continue;
                    }
                    capabilities.Add(new DeclaredCapability(name, elementSyntax.Length == values.Length
                        ? elementSyntax[i].GetLocation()
                        : attributeSyntax?.GetLocation() ?? Location.None));
                }
            }
        }

        var location = attributeSyntax?.FirstAncestorOrSelf<ClassDeclarationSyntax>()?.Identifier.GetLocation()
            ?? (type.Locations.Length > 0 ? type.Locations[0] : Location.None);
        return new AdapterModel(type, location, catchAll, handled.ToImmutable(), ignored.ToImmutable(), capabilities.ToImmutable());
    }

    /// <summary>The element expressions of <c>Name = new[] { ... }</c>, <c>new T[] { ... }</c> or <c>[ ... ]</c>.</summary>
    public static ImmutableArray<ExpressionSyntax> FindArrayElements(AttributeSyntax? attribute, string argumentName)
    {
        var argument = FindNamedArgument(attribute, argumentName);
        return argument?.Expression switch
        {
            ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer.Expressions.ToImmutableArray(),
            ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions.ToImmutableArray(),
            CollectionExpressionSyntax collection => CollectionElements(collection),
            _ => ImmutableArray<ExpressionSyntax>.Empty,
        };
    }

    public static AttributeArgumentSyntax? FindNamedArgument(AttributeSyntax? attribute, string argumentName)
    {
        if (attribute?.ArgumentList is null)
        {
            return null;
        }
        foreach (var argument in attribute.ArgumentList.Arguments)
        {
            if (argument.NameEquals?.Name.Identifier.ValueText == argumentName)
            {
                return argument;
            }
        }
        return null;
    }

    private static ImmutableArray<ExpressionSyntax> CollectionElements(CollectionExpressionSyntax collection)
    {
        var elements = ImmutableArray.CreateBuilder<ExpressionSyntax>();
        foreach (var element in collection.Elements)
        {
            if (element is not ExpressionElementSyntax expressionElement)
            {
                // A spread: element positions no longer line up with the values.
                return ImmutableArray<ExpressionSyntax>.Empty;
            }
            elements.Add(expressionElement.Expression);
        }
        return elements.ToImmutable();
    }
}
