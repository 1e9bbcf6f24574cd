using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LibreFang.Sidecar.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LibreFang.Sidecar.Analyzers.Rules;

/// <summary>
/// LFS0501: a capability declared in <c>Capabilities</c> none of whose commands has a handler.
/// LFS0502: a capability whose commands are only partly handled (declared or inferred from the handlers).
/// Which commands make up a capability comes from <c>[CommandCapability]</c> on the runtime's command types;
/// capabilities that gate no command (<c>thread</c>, <c>typing_events</c>) are declared on faith and never reported.
/// An ignored command does not count as handled: declaring a capability asks the daemon for those commands.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CapabilityMismatchAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the capability concerned.</summary>
    public const string CapabilityProperty = "Capability";

    /// <summary>Diagnostic property: fully qualified names of the command types still without a handler, ';'-separated.</summary>
    public const string MissingCommandsProperty = "MissingCommands";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.CapabilityWithoutHandler, DiagnosticDescriptors.CapabilityPartlyHandled);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (SidecarSymbols.MayApply(start.Compilation))
            {
                start.RegisterSymbolAction(context =>
                {
                    if (SidecarSymbols.TryCreate(context.Compilation) is { } symbols)
                    {
                        Analyze(context, symbols);
                    }
                }, SymbolKind.NamedType);
            }
        });
    }

    private static void Analyze(SymbolAnalysisContext context, SidecarSymbols symbols)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind != TypeKind.Class)
        {
            return;
        }
        var adapter = AdapterModel.Create(type, symbols, context.Compilation, context.CancellationToken);
        if (adapter is null || adapter.HasCatchAllHandler)
        {
            return;
        }

        var reportedPartial = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var declared in adapter.Capabilities)
        {
            if (!symbols.Commands.CapabilityCommands.TryGetValue(declared.Name, out var commands))
            {
                continue;
            }
            var missing = commands.Where(c => !adapter.Handles(c)).ToImmutableArray();
            if (missing.Length == commands.Length)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.CapabilityWithoutHandler,
                    declared.Location,
                    Properties(declared.Name, missing),
                    type.Name,
                    declared.Name,
                    string.Join(", ", commands.Select(c => c.Name))));
            }
            else if (missing.Length > 0 && reportedPartial.Add(declared.Name))
            {
                ReportPartial(context, adapter, declared.Name, missing);
            }
        }

        // Handlers alone imply a capability, so a partial set is a mistake whether or not it is declared.
        foreach (var pair in symbols.Commands.CapabilityCommands.OrderBy(p => p.Key, System.StringComparer.Ordinal))
        {
            var missing = pair.Value.Where(c => !adapter.Handles(c)).ToImmutableArray();
            if (missing.Length > 0 && missing.Length < pair.Value.Length && reportedPartial.Add(pair.Key))
            {
                ReportPartial(context, adapter, pair.Key, missing);
            }
        }
    }

    private static void ReportPartial(
        SymbolAnalysisContext context, AdapterModel adapter, string capability, ImmutableArray<RuntimeCommand> missing) =>
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.CapabilityPartlyHandled,
            adapter.Location,
            Properties(capability, missing),
            adapter.Type.Name,
            capability,
            string.Join(", ", missing.Select(c => c.Name))));

    private static ImmutableDictionary<string, string?> Properties(string capability, ImmutableArray<RuntimeCommand> missing) =>
        ImmutableDictionary<string, string?>.Empty
            .Add(CapabilityProperty, capability)
            .Add(MissingCommandsProperty, string.Join(
                ";", missing.Select(c => c.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))));
}
