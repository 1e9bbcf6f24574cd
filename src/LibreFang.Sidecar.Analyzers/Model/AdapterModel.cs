using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using LibreFang.Sidecar.Roslyn;
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

/// <summary>
/// What one [SidecarAdapter] class decides about commands: its handlers, its ignore list, its capabilities. The
/// handlers are the ones the shared conventions say the generated dispatch calls (<see cref="CommandHandlers"/>), so
/// "handled" here and "dispatched" there cannot disagree.
/// </summary>
internal sealed class AdapterModel
{
    public const string CapabilitiesArgument = AttributeArgumentNames.Capabilities;
    public const string IgnoredCommandsArgument = AttributeArgumentNames.IgnoredCommands;

    private readonly HashSet<string> _handled;

    private AdapterModel(
        INamedTypeSymbol type,
        Location location,
        bool hasCatchAllHandler,
        HashSet<string> handled,
        ImmutableHashSet<INamedTypeSymbol> ignored,
        ImmutableArray<DeclaredCapability> capabilities)
    {
        Type = type;
        Location = location;
        HasCatchAllHandler = hasCatchAllHandler;
        _handled = handled;
        Ignored = ignored;
        Capabilities = capabilities;
    }

    public INamedTypeSymbol Type { get; }

    /// <summary>The identifier of the class declaration that carries the attribute.</summary>
    public Location Location { get; }

    /// <summary>A dispatched [OnCommand] method takes the base <c>Command</c>: every command reaches adapter code.</summary>
    public bool HasCatchAllHandler { get; }

    /// <summary>Command types listed in <c>IgnoredCommands</c>.</summary>
    public ImmutableHashSet<INamedTypeSymbol> Ignored { get; }

    public ImmutableArray<DeclaredCapability> Capabilities { get; }

    /// <summary>The generated dispatch calls a handler for <paramref name="command"/> (its own or the catch-all).</summary>
    public bool Handles(RuntimeCommand command) => HasCatchAllHandler || _handled.Contains(command.Info.FullName);

    public bool IsIgnored(RuntimeCommand command) => Ignored.Contains(command.Type);

    public static AdapterModel? Create(INamedTypeSymbol type, SidecarSymbols symbols, Compilation compilation, CancellationToken cancellationToken)
    {
        var attribute = symbols.GetAdapterAttribute(type);
        if (attribute is null)
        {
            return null;
        }
        var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        var location = attributeSyntax?.FirstAncestorOrSelf<ClassDeclarationSyntax>()?.Identifier.GetLocation()
            ?? (type.Locations.Length > 0 ? type.Locations[0] : Location.None);

        var members = AdapterMembers.Scan(type, symbols.Runtime, cancellationToken);
        var catchAll = false;
        var handled = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var handler in CommandHandlers.Collect(type, members, symbols.Runtime, symbols.Commands, compilation, location, problems: null, cancellationToken))
        {
            if (handler.Signature.IsCatchAll)
            {
                catchAll = true;
            }
            else
            {
                handled.Add(handler.Signature.CommandFullName);
            }
        }

        var ignored = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        var capabilities = ImmutableArray.CreateBuilder<DeclaredCapability>();
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
        return new AdapterModel(type, location, catchAll, handled, ignored.ToImmutable(), capabilities.ToImmutable());
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
