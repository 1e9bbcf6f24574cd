using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using LibreFang.Sidecar.Roslyn;
using Microsoft.CodeAnalysis;

namespace LibreFang.Sidecar.Generators.Model;

/// <summary>The commands of one capability, by full name.</summary>
internal sealed record CapabilityGroup(string Capability, IReadOnlyList<string> Commands);

/// <summary>
/// The generator's view of <see cref="CommandDiscovery"/>: the runtime's command types as plain strings, so one
/// catalog can serve every adapter of every compilation that references the same runtime.
/// </summary>
internal sealed class CommandCatalog
{
    // Keyed weakly by the runtime's MetadataReference: a reference's content never changes (a changed runtime comes
    // as a new reference), and the table holds neither the key nor any symbol alive.
    private static readonly ConditionalWeakTable<MetadataReference, CommandCatalog> ByRuntime = new();

    private CommandCatalog(List<CommandInfo> commands)
    {
        Commands = commands;
        Dispatched = commands.Where(c => !c.RuntimeConsumed).ToList();
        CapabilityGroups = commands.Where(c => c.Capability is not null).GroupBy(c => c.Capability!)
            .Select(g => new CapabilityGroup(g.Key, g.Select(c => c.FullName).ToList()))
            .ToList();
    }

    /// <summary>All command types, ordered by full name.</summary>
    public IReadOnlyList<CommandInfo> Commands { get; }

    /// <summary>The command types adapters handle (the runtime consumes the others itself), ordered by full name.</summary>
    public IReadOnlyList<CommandInfo> Dispatched { get; }

    /// <summary>Capabilities in order of first appearance, each with its commands.</summary>
    public IReadOnlyList<CapabilityGroup> CapabilityGroups { get; }

    /// <summary>
    /// The catalog of the referenced runtime. When the marker attributes are that runtime's own, the catalog depends
    /// on the runtime assembly alone and is computed once per runtime reference; otherwise (a runtime compiled from
    /// source, marker types found elsewhere) it is computed for this compilation.
    /// </summary>
    public static CommandCatalog For(Compilation compilation, RuntimeSymbols symbols)
    {
        var runtime = symbols.Command.ContainingAssembly;
        if (DefinedIn(symbols.CommandCapabilityAttribute, runtime)
            && DefinedIn(symbols.OptionalCommandAttribute, runtime)
            && DefinedIn(symbols.RuntimeCommandAttribute, runtime)
            && compilation.GetMetadataReference(runtime) is { } reference)
        {
            return ByRuntime.GetValue(reference, _ => Create(symbols));
        }
        return Create(symbols);
    }

    /// <summary>A lookup for one compilation: the catalog plus the runtime namespace it compares symbols against.</summary>
    public ICommandLookup LookupFor(RuntimeSymbols symbols) => new Lookup(this, symbols.Command.ContainingNamespace);

    private static bool DefinedIn(INamedTypeSymbol? attribute, IAssemblySymbol runtime) =>
        SymbolEqualityComparer.Default.Equals(attribute?.ContainingAssembly, runtime);

    private static CommandCatalog Create(RuntimeSymbols symbols) =>
        new(CommandDiscovery.Discover(symbols).Select(c => c.Info).ToList());

    private sealed class Lookup(CommandCatalog catalog, INamespaceSymbol runtimeNamespace) : ICommandLookup
    {
        /// <summary>Compared by fully qualified name as the emitter spells it.</summary>
        public CommandInfo? Find(ITypeSymbol type)
        {
            string? full = null;
            foreach (var candidate in catalog.Commands)
            {
                // A fully qualified name ends in the simple name, so a candidate of another name cannot match.
                if (candidate.Name != type.Name)
                {
                    continue;
                }
                // The usual case, without building a display string: a non-generic, non-nested type in the runtime's
                // own namespace with this name is that candidate.
                if (candidate.Arity == 0
                    && type is INamedTypeSymbol { Arity: 0, ContainingType: null } named
                    && named.TypeKind != TypeKind.Error
                    && SymbolEqualityComparer.Default.Equals(named.ContainingNamespace, runtimeNamespace))
                {
                    return candidate;
                }
                full ??= TypeNames.Full(type);
                if (candidate.FullName == full)
                {
                    return candidate;
                }
            }
            return null;
        }
    }
}
