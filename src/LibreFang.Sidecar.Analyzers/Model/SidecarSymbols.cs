using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using LibreFang.Sidecar.Roslyn;
using Microsoft.CodeAnalysis;

namespace LibreFang.Sidecar.Analyzers.Model;

/// <summary>
/// What the rules need from one compilation: the runtime's symbols and the command catalogue, both from the shared
/// model. <see cref="TryCreate"/> returns null when the compilation does not reference LibreFang.Sidecar.Runtime, and
/// every analyzer then stays silent.
/// </summary>
internal sealed class SidecarSymbols
{
    // One per compilation, shared by every rule: the IDE starts an analysis of each rule per edit, and the runtime's
    // symbols, the command catalogue and whether the source declares an adapter are the same for all of them.
    private static readonly ConditionalWeakTable<Compilation, Lazy<SidecarSymbols?>> ByCompilation = new();

    private readonly Compilation _compilation;
    private CommandCatalog? _commands;
    private int _declaresAdapter; // 0 not known yet, 1 yes, 2 no

    private SidecarSymbols(Compilation compilation, RuntimeSymbols runtime)
    {
        _compilation = compilation;
        Runtime = runtime;
    }

    public RuntimeSymbols Runtime { get; }

    /// <summary>The abstract base of every command; a handler taking it is a catch-all.</summary>
    public INamedTypeSymbol Command => Runtime.Command;

    public INamedTypeSymbol EventEmitter => Runtime.EventEmitter;

    /// <summary>The command types of the referenced runtime and what each demands of an adapter (discovered on first use).</summary>
    public CommandCatalog Commands
    {
        get
        {
            var commands = Volatile.Read(ref _commands);
            if (commands is null)
            {
                commands = CommandCatalog.Discover(Runtime);
                commands = Interlocked.CompareExchange(ref _commands, commands, null) ?? commands;
            }
            return commands;
        }
    }

    /// <summary>
    /// Whether the rules that need the runtime can apply to <paramref name="compilation"/>, asked at the start of each
    /// analysis. When a reference defines <c>[SidecarAdapter]</c> the answer is yes without looking at the project's
    /// own source: the first type lookup in a new compilation binds the declarations of every file (about 5 ms on
    /// 2 200 types, after every edit), which the compiler does anyway once it binds the edited document, so the rules
    /// resolve their types in their first action instead (<see cref="TryCreate"/> then says whether they apply).
    /// Otherwise the runtime could only be declared in source, and that is looked up here.
    /// </summary>
    public static bool MayApply(Compilation compilation) =>
        ReferencesRuntimeByCompilation.GetValue(compilation, static c => new StrongBox<bool>(ReferencesRuntime(c))).Value
        || TryCreate(compilation) is not null;

    private static readonly ConditionalWeakTable<Compilation, StrongBox<bool>> ReferencesRuntimeByCompilation = new();

    // Whether one reference defines the runtime's attribute: a reference's content never changes, so this is worked
    // out once per reference, not per compilation.
    private static readonly ConditionalWeakTable<MetadataReference, StrongBox<bool>> DefinesRuntime = new();

    private static bool ReferencesRuntime(Compilation compilation)
    {
        foreach (var reference in compilation.References)
        {
            var defines = DefinesRuntime.GetValue(reference, r => new StrongBox<bool>(
                compilation.GetAssemblyOrModuleSymbol(r) is IAssemblySymbol assembly
                && assembly.GetTypeByMetadataName(MetadataNames.SidecarAdapterAttribute) is not null));
            if (defines.Value)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// For the tests: counts, in the calling test's asynchronous flow only, the compilations whose runtime symbols
    /// were resolved (the analyzer driver runs the rules on copies of the compilation it is given).
    /// </summary>
    internal static readonly AsyncLocal<StrongBox<int>?> ResolutionsInThisFlow = new();

    public static SidecarSymbols? TryCreate(Compilation compilation) =>
        // Rules starting at once may each build a Lazy; the table keeps one, so the runtime is resolved once.
        ByCompilation.GetValue(compilation, static c => new Lazy<SidecarSymbols?>(() =>
        {
            if (ResolutionsInThisFlow.Value is { } counter)
            {
                Interlocked.Increment(ref counter.Value);
            }
            return RuntimeSymbols.Create(c) is { } runtime ? new SidecarSymbols(c, runtime) : null;
        }, LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    public bool IsAdapter(INamedTypeSymbol type) => Runtime.AdapterAttributeOf(type) is not null;

    public AttributeData? GetAdapterAttribute(INamedTypeSymbol type) => Runtime.AdapterAttributeOf(type);

    public bool IsCommandHandler(IMethodSymbol method) => Runtime.IsCommandHandler(method);

    /// <summary>The producer, as the shared conventions define it (<see cref="AdapterHooks.IsProducer"/>).</summary>
    public bool IsProducer(IMethodSymbol method) => AdapterHooks.IsProducer(method, Runtime);

    /// <summary>A hand-written <c>ISidecarAdapter.HandleCommandAsync</c>, implicit or explicit.</summary>
    public bool IsHandWrittenDispatcher(IMethodSymbol method) => AdapterHooks.IsDispatcher(method, Runtime);

    public IParameterSymbol? GetEmitterParameter(IMethodSymbol method)
    {
        foreach (var parameter in method.Parameters)
        {
            if (SymbolEqualityComparer.Default.Equals(parameter.Type, EventEmitter))
            {
                return parameter;
            }
        }
        return null;
    }

    /// <summary>True when the compilation's own source declares at least one [SidecarAdapter] class (worked out once).</summary>
    /// <remarks>
    /// Asked only when a rule has something to report, not at the start of every analysis: the IDE starts one per edit,
    /// and this walks every type of the project. It walks types only: asking a type for all its members would build
    /// every method and property symbol of the project just to find the nested types.
    /// </remarks>
    public bool SourceDeclaresAdapter(CancellationToken cancellationToken)
    {
        var known = Volatile.Read(ref _declaresAdapter);
        if (known == 0)
        {
            // Racing threads compute the same answer; a cancelled walk records nothing.
            known = WalkForAdapter(cancellationToken) ? 1 : 2;
            Volatile.Write(ref _declaresAdapter, known);
        }
        return known == 1;
    }

    private bool WalkForAdapter(CancellationToken cancellationToken)
    {
        var namespaces = new Stack<INamespaceSymbol>();
        var types = new Stack<INamedTypeSymbol>();
        namespaces.Push(_compilation.Assembly.GlobalNamespace);
        while (namespaces.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var current = namespaces.Pop();
            foreach (var nested in current.GetNamespaceMembers())
            {
                namespaces.Push(nested);
            }
            foreach (var type in current.GetTypeMembers())
            {
                types.Push(type);
            }
            while (types.Count > 0)
            {
                var type = types.Pop();
                if (type.TypeKind == TypeKind.Class && IsAdapter(type))
                {
                    return true;
                }
                foreach (var nested in type.GetTypeMembers())
                {
                    types.Push(nested);
                }
            }
        }
        return false;
    }
}
