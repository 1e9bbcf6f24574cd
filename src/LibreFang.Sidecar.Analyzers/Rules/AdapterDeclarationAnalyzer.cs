using System.Collections.Immutable;
using System.Linq;
using LibreFang.Sidecar.Analyzers.Model;
using LibreFang.Sidecar.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LibreFang.Sidecar.Analyzers.Rules;

/// <summary>
/// LFS0001–LFS0014: a [SidecarAdapter] class that breaks the adapter conventions. The class is read by
/// <see cref="AdapterDeclaration.Read"/>, the same reading the generator builds its model from, so every problem that
/// leaves the generator with only a stub is reported here, while typing in any editor that runs analyzers and once
/// per build (the generator itself reports nothing).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AdapterDeclarationAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.NotPartial,
        DiagnosticDescriptors.InvalidHandler,
        DiagnosticDescriptors.DuplicateHandler,
        DiagnosticDescriptors.UnsupportedConfigType,
        DiagnosticDescriptors.FieldTypeMismatch,
        DiagnosticDescriptors.NoParameterlessConstructor,
        DiagnosticDescriptors.RequiredMemberNotBound,
        DiagnosticDescriptors.InvalidAdapterShape,
        DiagnosticDescriptors.ConfigMemberNotSettable,
        DiagnosticDescriptors.DuplicateConfigKey,
        DiagnosticDescriptors.RuntimeCommandHandler,
        DiagnosticDescriptors.ParameterNotInjectable,
        DiagnosticDescriptors.HookSignatureMismatch,
        DiagnosticDescriptors.InheritedConfigMember,
        DiagnosticDescriptors.MarkedHookSignature);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (!SidecarSymbols.MayApply(start.Compilation))
            {
                return;
            }
            start.RegisterSymbolAction(context =>
            {
                var type = (INamedTypeSymbol)context.Symbol;
                if (type.TypeKind != TypeKind.Class
                    || SidecarSymbols.TryCreate(context.Compilation) is not { } symbols
                    || symbols.Runtime.AdapterAttributeOf(type) is not { } attribute)
                {
                    return;
                }
                // The catalogue is discovered on first use: most compilations the IDE analyses declare no adapter.
                Analyze(context, type, attribute, symbols.Runtime, symbols.Commands);
            }, SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol type, AttributeData attribute, RuntimeSymbols runtime, CommandCatalog commands)
    {
        var identifier = (attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) as AttributeSyntax)
            ?.FirstAncestorOrSelf<ClassDeclarationSyntax>()?.Identifier.GetLocation()
            ?? type.Locations.FirstOrDefault(l => l.IsInSource)
            ?? Location.None;
        var declaration = AdapterDeclaration.Read(type, identifier, runtime, commands, context.Compilation, context.CancellationToken);
        foreach (var problem in declaration.Problems)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.For(problem.Rule), problem.Location, problem.Arguments.ToArray<object>()));
        }
    }
}
