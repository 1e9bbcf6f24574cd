using System.Collections.Immutable;
using LibreFang.Sidecar.Analyzers.Model;
using LibreFang.Sidecar.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LibreFang.Sidecar.Analyzers.Rules;

/// <summary>
/// LFS0201: a [SidecarAdapter] class that has no decision for a command type the referenced runtime requires one
/// for (a command type with none of the runtime's marker attributes). Capability-gated commands are left to
/// <see cref="CapabilityMismatchAnalyzer"/>, optional and runtime-consumed commands need no decision.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnhandledCommandAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the metadata name of the command type without a decision.</summary>
    public const string CommandTypeProperty = "CommandType";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UnhandledCommand);

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

        foreach (var command in symbols.Commands.All)
        {
            if (command.Demand != CommandDemand.Required
                || adapter.Handles(command)
                || adapter.IsIgnored(command))
            {
                continue;
            }
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(CommandTypeProperty, command.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.UnhandledCommand, adapter.Location, properties, type.Name, command.Name));
        }
    }
}
