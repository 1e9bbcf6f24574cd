using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LibreFang.Sidecar.Roslyn;
using Microsoft.CodeAnalysis;

namespace LibreFang.Sidecar.Analyzers.Model;

/// <summary>One command type of the referenced runtime: its symbol in this compilation and its shared description.</summary>
internal sealed class RuntimeCommand
{
    public RuntimeCommand(INamedTypeSymbol type, CommandInfo info)
    {
        Type = type;
        Info = info;
    }

    public INamedTypeSymbol Type { get; }

    public CommandInfo Info { get; }

    public CommandDemand Demand => Info.Demand;

    /// <summary>The capability of a <see cref="CommandDemand.CapabilityGated"/> command.</summary>
    public string? Capability => Info.Capability;

    public string Name => Type.Name;
}

/// <summary>
/// The analyzers' view of <see cref="CommandDiscovery"/> (the same discovery the generator dispatches from), keyed by
/// symbol for this compilation.
/// </summary>
internal sealed class CommandCatalog : ICommandLookup
{
    private readonly Dictionary<INamedTypeSymbol, RuntimeCommand> _byType;

    private CommandCatalog(ImmutableArray<RuntimeCommand> all)
    {
        All = all;
        _byType = new Dictionary<INamedTypeSymbol, RuntimeCommand>(SymbolEqualityComparer.Default);
        foreach (var command in all)
        {
            _byType[command.Type] = command;
        }
        CapabilityCommands = all
            .Where(c => c.Capability is not null)
            .GroupBy(c => c.Capability!, System.StringComparer.Ordinal)
            .ToImmutableDictionary(g => g.Key, g => g.ToImmutableArray(), System.StringComparer.Ordinal);
    }

    /// <summary>Every concrete command type, ordered by full name.</summary>
    public ImmutableArray<RuntimeCommand> All { get; }

    /// <summary>For each capability that gates commands, its commands (streaming: start, delta and end).</summary>
    public ImmutableDictionary<string, ImmutableArray<RuntimeCommand>> CapabilityCommands { get; }

    public RuntimeCommand? Find(ITypeSymbol? type) =>
        type is INamedTypeSymbol named && _byType.TryGetValue(named, out var command) ? command : null;

    CommandInfo? ICommandLookup.Find(ITypeSymbol type) => Find(type)?.Info;

    public static CommandCatalog Discover(RuntimeSymbols symbols) =>
        new(CommandDiscovery.Discover(symbols).Select(c => new RuntimeCommand(c.Type, c.Info)).ToImmutableArray());
}
