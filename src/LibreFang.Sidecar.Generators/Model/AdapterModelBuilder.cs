using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using LibreFang.Sidecar.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LibreFang.Sidecar.Generators.Model;

/// <summary>
/// The pipeline's first step: reads one [SidecarAdapter] class through the shared adapter conventions
/// (<see cref="AdapterDeclaration"/>) and keeps what the emitter needs as plain values. Problems with the declaration
/// are the declaration analyzer's to report; here they only decide between the adapter and the stub.
/// </summary>
internal static class AdapterModelBuilder
{
    /// <summary>How many classes this thread has read; the tests check that a cached model is not read again.</summary>
    [ThreadStatic]
    internal static int ReadsOnThisThread;

    public static AdapterModel? Build(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        ReadsOnThisThread++;
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not ClassDeclarationSyntax syntax)
        {
            return null;
        }
        var compilation = context.SemanticModel.Compilation;
        var runtime = Runtimes.GetValue(compilation, static c => new CompilationRuntime(c));
        if (runtime.Symbols is not { } symbols || runtime.Catalog is not { } catalog)
        {
            return null;
        }
        var declaration = AdapterDeclaration.Read(type, syntax.Identifier.GetLocation(), symbols, runtime.Lookup!, compilation, cancellationToken);
        if (!declaration.CanGenerate)
        {
            return null;
        }

        var attribute = context.Attributes[0];
        var schemaName = AttributeArguments.FirstString(attribute, type.Name);
        var handlers = declaration.Handlers
            .Select(h => new HandlerModel(h.Method.Name, h.Signature.CommandFullName, h.Signature.Arguments, h.Signature.Return))
            .ToList();
        var catchAll = handlers.FirstOrDefault(h => h.CommandType == MetadataNames.CommandFullName);
        var byCommand = handlers.Where(h => h.CommandType != MetadataNames.CommandFullName).ToDictionary(h => h.CommandType);

        return new AdapterModel(
            Namespace: type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(),
            ContainingTypes: AdapterNaming.ContainingTypes(type),
            ClassName: type.Name,
            HintName: AdapterNaming.HintName(type),
            SchemaName: schemaName,
            DisplayName: AttributeArguments.Named<string>(attribute, AttributeArgumentNames.DisplayName) ?? schemaName,
            Description: AttributeArguments.Named<string>(attribute, AttributeArgumentNames.Description) ?? "",
            Capabilities: Capabilities(catalog, byCommand, AttributeArguments.NamedStrings(attribute, AttributeArgumentNames.Capabilities)),
            SuppressErrorResponses: AttributeArguments.Named<bool?>(attribute, AttributeArgumentNames.SuppressErrorResponses) ?? false,
            ProtocolVersion: AttributeArguments.Named<uint?>(attribute, AttributeArgumentNames.ProtocolVersion) ?? 0,
            Dispatch: catalog.Dispatched
                .Select(c => new DispatchModel(c.FullName, byCommand.TryGetValue(c.FullName, out var h) ? h : null))
                .ToEquatableArray(),
            CatchAll: catchAll,
            ConfigFields: declaration.ConfigFields
                .Select(f => new ConfigFieldModel(f.MemberName, f.Key, f.Label, f.FieldType, f.Required, f.Placeholder, f.Advanced,
                    f.Options.ToEquatableArray(), f.HasOptions, f.Kind))
                .ToEquatableArray(),
            ProducerMethod: declaration.Producer?.Name,
            ShutdownHook: declaration.ShutdownHook is { } hook ? new ShutdownHookModel(hook.Method.Name, hook.Return, hook.TakesToken) : null,
            ReadyHookMethod: declaration.ReadyHook?.Name,
            ValidationMethod: declaration.ValidationHook?.Name,
            Constructor: declaration.Constructor,
            HasErrors: declaration.HasBlockingProblems,
            ConstructorServices: declaration.ConstructorServices
                .Select(p => new ServiceParameterModel(p.Name, p.Type, p.Kind))
                .ToEquatableArray());
    }

    // The runtime's symbols and command catalog are the same for every adapter of a compilation; resolving them costs
    // about twenty metadata-name lookups across all references, so once per compilation, not once per adapter.
    private static readonly ConditionalWeakTable<Compilation, CompilationRuntime> Runtimes = new();

    /// <summary>
    /// The capabilities announced in <c>ready</c>: each capability all of whose commands have a handler, in catalog
    /// order, then the declared ones not already there.
    /// </summary>
    private static EquatableArray<string> Capabilities(CommandCatalog catalog, Dictionary<string, HandlerModel> byCommand, List<string> declared)
    {
        var capabilities = new List<string>();
        foreach (var group in catalog.CapabilityGroups)
        {
            if (group.Commands.All(byCommand.ContainsKey))
            {
                capabilities.Add(group.Capability);
            }
        }
        foreach (var capability in declared)
        {
            if (!capabilities.Contains(capability))
            {
                capabilities.Add(capability);
            }
        }
        return capabilities.ToEquatableArray();
    }

    /// <summary>The runtime as one compilation sees it; all null when the compilation does not reference it.</summary>
    private sealed class CompilationRuntime
    {
        public CompilationRuntime(Compilation compilation)
        {
            Symbols = RuntimeSymbols.Create(compilation);
            if (Symbols is not null)
            {
                Catalog = CommandCatalog.For(compilation, Symbols);
                Lookup = Catalog.LookupFor(Symbols);
            }
        }

        public RuntimeSymbols? Symbols { get; }
        public CommandCatalog? Catalog { get; }
        public ICommandLookup? Lookup { get; }
    }
}
