using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace LibreFang.Sidecar.Analyzers.Model;

/// <summary>What the runtime says an adapter must do about a command type.</summary>
internal enum CommandDemand
{
    /// <summary>No attribute: every adapter handles it or lists it in IgnoredCommands.</summary>
    Required,

    /// <summary><c>[CommandCapability]</c>: sent only to adapters that declare the capability.</summary>
    CapabilityGated,

    /// <summary><c>[OptionalCommand]</c>: may stay unhandled.</summary>
    Optional,

    /// <summary><c>[RuntimeCommand]</c>: consumed by the runtime, never reaches adapter code.</summary>
    Runtime,
}

/// <summary>One concrete command type of the referenced runtime.</summary>
internal sealed class CommandInfo
{
    public CommandInfo(INamedTypeSymbol type, CommandDemand demand, string? capability)
    {
        Type = type;
        Demand = demand;
        Capability = capability;
    }

    public INamedTypeSymbol Type { get; }

    public CommandDemand Demand { get; }

    /// <summary>The capability of a <see cref="CommandDemand.CapabilityGated"/> command.</summary>
    public string? Capability { get; }

    public string Name => Type.Name;
}

/// <summary>
/// The command types, discovered from the assembly that defines <c>Command</c> (the hierarchy is closed: its
/// constructor is <c>private protected</c>), classified by the runtime's marker attributes. Nothing here is a
/// hard-coded list, so a command added to a future runtime is picked up by every rule.
/// </summary>
internal sealed class CommandCatalog
{
    private const string CapabilityAttributeName = SidecarSymbols.Namespace + ".CommandCapabilityAttribute";
    private const string OptionalAttributeName = SidecarSymbols.Namespace + ".OptionalCommandAttribute";
    private const string RuntimeAttributeName = SidecarSymbols.Namespace + ".RuntimeCommandAttribute";

    private readonly Dictionary<INamedTypeSymbol, CommandInfo> _byType;

    private CommandCatalog(ImmutableArray<CommandInfo> all)
    {
        All = all;
        _byType = new Dictionary<INamedTypeSymbol, CommandInfo>(SymbolEqualityComparer.Default);
        foreach (var command in all)
        {
            _byType[command.Type] = command;
        }
        CapabilityCommands = all
            .Where(c => c.Capability is not null)
            .GroupBy(c => c.Capability!, System.StringComparer.Ordinal)
            .ToImmutableDictionary(g => g.Key, g => g.ToImmutableArray(), System.StringComparer.Ordinal);
    }

    /// <summary>Every concrete command type, ordered by name.</summary>
    public ImmutableArray<CommandInfo> All { get; }

    /// <summary>For each capability that gates commands, its commands (streaming: start, delta and end).</summary>
    public ImmutableDictionary<string, ImmutableArray<CommandInfo>> CapabilityCommands { get; }

    public CommandInfo? Find(ITypeSymbol? type) =>
        type is INamedTypeSymbol named && _byType.TryGetValue(named, out var info) ? info : null;

    public static CommandCatalog Discover(Compilation compilation, INamedTypeSymbol command)
    {
        var capabilityAttribute = compilation.GetTypeByMetadataName(CapabilityAttributeName);
        var optionalAttribute = compilation.GetTypeByMetadataName(OptionalAttributeName);
        var runtimeAttribute = compilation.GetTypeByMetadataName(RuntimeAttributeName);

        var found = new List<CommandInfo>();
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(command.ContainingAssembly.GlobalNamespace);
        while (pending.Count > 0)
        {
            foreach (var member in pending.Pop().GetMembers())
            {
                if (member is INamespaceSymbol ns)
                {
                    pending.Push(ns);
                    continue;
                }
                if (member is not INamedTypeSymbol type)
                {
                    continue;
                }
                pending.Push(type);
                if (type.IsAbstract || type.DeclaredAccessibility != Accessibility.Public || !DerivesFrom(type, command))
                {
                    continue;
                }
                found.Add(Classify(type, capabilityAttribute, optionalAttribute, runtimeAttribute));
            }
        }

        found.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new CommandCatalog(found.ToImmutableArray());
    }

    private static CommandInfo Classify(
        INamedTypeSymbol type,
        INamedTypeSymbol? capabilityAttribute,
        INamedTypeSymbol? optionalAttribute,
        INamedTypeSymbol? runtimeAttribute)
    {
        foreach (var attribute in type.GetAttributes())
        {
            var attributeClass = attribute.AttributeClass;
            if (attributeClass is null)
            {
                continue;
            }
            if (SymbolEqualityComparer.Default.Equals(attributeClass, runtimeAttribute))
            {
                return new CommandInfo(type, CommandDemand.Runtime, null);
            }
            if (SymbolEqualityComparer.Default.Equals(attributeClass, optionalAttribute))
            {
                return new CommandInfo(type, CommandDemand.Optional, null);
            }
            if (SymbolEqualityComparer.Default.Equals(attributeClass, capabilityAttribute)
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string capability)
            {
                return new CommandInfo(type, CommandDemand.CapabilityGated, capability);
            }
        }
        return new CommandInfo(type, CommandDemand.Required, null);
    }

    private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol baseType)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
            {
                return true;
            }
        }
        return false;
    }
}
