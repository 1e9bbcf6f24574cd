using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace LibreFang.Sidecar.Roslyn;

/// <summary>A command type found in the runtime and its description.</summary>
internal readonly struct DiscoveredCommand
{
    public DiscoveredCommand(INamedTypeSymbol type, CommandInfo info)
    {
        Type = type;
        Info = info;
    }

    public INamedTypeSymbol Type { get; }

    public CommandInfo Info { get; }
}

/// <summary>
/// The one command discovery: every public, concrete type deriving from <c>Command</c> in the assembly that defines
/// <c>Command</c> (the hierarchy is closed, its constructor is <c>private protected</c>), nested ones included,
/// classified by the runtime's marker attributes. Nothing here is a list of commands, so a command added to a future
/// runtime reaches the generator's dispatch and every analyzer at once.
/// </summary>
internal static class CommandDiscovery
{
    /// <summary>The command types, ordered by full name (the order the generated dispatch lists them in).</summary>
    public static List<DiscoveredCommand> Discover(RuntimeSymbols symbols)
    {
        var command = symbols.Command;
        var found = new List<DiscoveredCommand>();
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(command.ContainingAssembly.GlobalNamespace);
        while (pending.Count > 0)
        {
            var container = pending.Pop();
            foreach (var ns in (container as INamespaceSymbol)?.GetNamespaceMembers() ?? [])
            {
                pending.Push(ns);
            }
            foreach (var type in container.GetTypeMembers())
            {
                if (type.DeclaredAccessibility != Accessibility.Public)
                {
                    continue;
                }
                pending.Push(type);
                if (!type.IsAbstract && DerivesFrom(type, command))
                {
                    found.Add(new DiscoveredCommand(type, Describe(type, symbols)));
                }
            }
        }
        found.Sort((a, b) => string.CompareOrdinal(a.Info.FullName, b.Info.FullName));
        return found;
    }

    /// <summary>
    /// A command type's demand. A type with several markers takes the strongest: runtime-consumed, then optional, then
    /// capability-gated; the order attributes are written in does not matter.
    /// </summary>
    public static CommandInfo Describe(INamedTypeSymbol type, RuntimeSymbols symbols)
    {
        var runtime = false;
        var optional = false;
        string? capability = null;
        foreach (var attribute in type.GetAttributes())
        {
            if (RuntimeSymbols.Is(attribute, symbols.RuntimeCommandAttribute))
            {
                runtime = true;
            }
            else if (RuntimeSymbols.Is(attribute, symbols.OptionalCommandAttribute))
            {
                optional = true;
            }
            else if (RuntimeSymbols.Is(attribute, symbols.CommandCapabilityAttribute)
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string name)
            {
                capability = name;
            }
        }
        var demand = runtime ? CommandDemand.Runtime
            : optional ? CommandDemand.Optional
            : capability is not null ? CommandDemand.CapabilityGated
            : CommandDemand.Required;
        return new CommandInfo(TypeNames.Full(type), type.Name, type.Arity, demand,
            demand == CommandDemand.CapabilityGated ? capability : null);
    }

    public static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol baseType)
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
