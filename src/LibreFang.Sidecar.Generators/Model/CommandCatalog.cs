using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace LibreFang.Sidecar.Generators.Model;

/// <summary>A command type of the referenced runtime and what its attributes say.</summary>
internal sealed record CommandTypeInfo(string FullName, string Name, int Arity, string? Capability, bool RuntimeConsumed);

/// <summary>The commands of one capability, by full name.</summary>
internal sealed record CapabilityGroup(string Capability, IReadOnlyList<string> Commands);

/// <summary>
/// Every concrete command type the referenced runtime defines, in a stable order. Plain strings only, so one catalog
/// can serve every adapter of every compilation that references the same runtime.
/// </summary>
internal sealed class CommandCatalog
{
    // Keyed weakly by the runtime's MetadataReference: a reference's content never changes (a changed runtime comes
    // as a new reference), and the table holds neither the key nor any symbol alive.
    private static readonly ConditionalWeakTable<MetadataReference, CommandCatalog> ByRuntime = new();

    private CommandCatalog(List<CommandTypeInfo> commands)
    {
        Commands = commands;
        Dispatched = commands.Where(c => !c.RuntimeConsumed).ToList();
        CapabilityGroups = commands.Where(c => c.Capability is not null).GroupBy(c => c.Capability!)
            .Select(g => new CapabilityGroup(g.Key, g.Select(c => c.FullName).ToList()))
            .ToList();
    }

    /// <summary>All command types, ordered by full name.</summary>
    public IReadOnlyList<CommandTypeInfo> Commands { get; }

    /// <summary>The command types adapters handle (the runtime consumes the others itself), ordered by full name.</summary>
    public IReadOnlyList<CommandTypeInfo> Dispatched { get; }

    /// <summary>Capabilities in order of first appearance, each with its commands.</summary>
    public IReadOnlyList<CapabilityGroup> CapabilityGroups { get; }

    /// <summary>
    /// The catalog of the runtime that defines <paramref name="command"/>. When the two marker attributes are that
    /// runtime's own, the catalog depends on the runtime assembly alone and is computed once per runtime reference;
    /// otherwise (a runtime compiled from source, marker types found elsewhere) it is computed for this compilation.
    /// </summary>
    public static CommandCatalog For(Compilation compilation, INamedTypeSymbol command,
        INamedTypeSymbol? capabilityAttribute, INamedTypeSymbol? runtimeAttribute)
    {
        var runtime = command.ContainingAssembly;
        if (SymbolEqualityComparer.Default.Equals(capabilityAttribute?.ContainingAssembly, runtime)
            && SymbolEqualityComparer.Default.Equals(runtimeAttribute?.ContainingAssembly, runtime)
            && compilation.GetMetadataReference(runtime) is { } reference)
        {
            return ByRuntime.GetValue(reference, _ => Create(command, capabilityAttribute, runtimeAttribute));
        }
        return Create(command, capabilityAttribute, runtimeAttribute);
    }

    /// <summary>
    /// The command type <paramref name="type"/> is, compared by fully qualified name as the emitter spells it; null
    /// when it is none.
    /// </summary>
    public CommandTypeInfo? Find(ITypeSymbol type, INamedTypeSymbol command)
    {
        string? full = null;
        foreach (var candidate in Commands)
        {
            // A fully qualified name ends in the simple name, so a candidate of another name cannot match.
            if (candidate.Name != type.Name)
            {
                continue;
            }
            // The usual case, without building a display string: a non-generic, non-nested type in the runtime's own
            // namespace with this name is that candidate.
            if (candidate.Arity == 0
                && type is INamedTypeSymbol { Arity: 0, ContainingType: null } named
                && named.TypeKind != TypeKind.Error
                && SymbolEqualityComparer.Default.Equals(named.ContainingNamespace, command.ContainingNamespace))
            {
                return candidate;
            }
            full ??= AdapterModelBuilder.Full(type);
            if (candidate.FullName == full)
            {
                return candidate;
            }
        }
        return null;
    }

    private static CommandCatalog Create(INamedTypeSymbol command, INamedTypeSymbol? capabilityAttribute, INamedTypeSymbol? runtimeAttribute)
    {
        var result = new List<CommandTypeInfo>();
        foreach (var candidate in command.ContainingNamespace.GetTypeMembers())
        {
            if (candidate.IsAbstract || !DerivesFrom(candidate, command))
            {
                continue;
            }
            string? capability = null;
            var consumed = false;
            foreach (var attribute in candidate.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, capabilityAttribute) && attribute.ConstructorArguments.Length == 1)
                {
                    capability = attribute.ConstructorArguments[0].Value as string;
                }
                else if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, runtimeAttribute))
                {
                    consumed = true;
                }
            }
            result.Add(new CommandTypeInfo(AdapterModelBuilder.Full(candidate), candidate.Name, candidate.Arity, capability, consumed));
        }
        result.Sort((a, b) => string.CompareOrdinal(a.FullName, b.FullName));
        return new CommandCatalog(result);
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
