using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LibreFang.Sidecar.Analyzers.Model;
using LibreFang.Sidecar.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LibreFang.Sidecar.Analyzers.Rules;

/// <summary>
/// LFS0202: a <c>switch</c> statement or expression over a <c>Command</c> value that names some command types, has
/// no default/discard case and misses a command type that can reach adapter code (every type except those the
/// runtime consumes itself). A pattern the rule cannot read (<c>not X</c>, a property pattern on <c>Command</c>,
/// <c>var x</c>) counts as covering everything: a miss is better than a false alarm.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class IncompleteCommandSwitchAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.IncompleteCommandSwitch);

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
            start.RegisterOperationAction(context =>
            {
                if (SidecarSymbols.TryCreate(context.Compilation) is { } symbols)
                {
                    AnalyzeStatement(context, symbols);
                }
            }, OperationKind.Switch);
            start.RegisterOperationAction(context =>
            {
                if (SidecarSymbols.TryCreate(context.Compilation) is { } symbols)
                {
                    AnalyzeExpression(context, symbols);
                }
            }, OperationKind.SwitchExpression);
        });
    }

    private static void AnalyzeStatement(OperationAnalysisContext context, SidecarSymbols symbols)
    {
        var switchOperation = (ISwitchOperation)context.Operation;
        if (!IsCommand(switchOperation.Value, symbols))
        {
            return;
        }
        var coverage = new Coverage(symbols);
        foreach (var clause in switchOperation.Cases.SelectMany(c => c.Clauses))
        {
            switch (clause)
            {
                case IDefaultCaseClauseOperation:
                    return;
                case IPatternCaseClauseOperation pattern:
                    coverage.Add(pattern.Pattern);
                    break;
                case ISingleValueCaseClauseOperation:
                    // `case null:` decides nothing about command types.
                    break;
                default:
                    return;
            }
            if (coverage.All)
            {
                return;
            }
        }
        var location = switchOperation.Syntax is SwitchStatementSyntax syntax
            ? syntax.SwitchKeyword.GetLocation()
            : switchOperation.Syntax.GetLocation();
        coverage.Report(context, location);
    }

    private static void AnalyzeExpression(OperationAnalysisContext context, SidecarSymbols symbols)
    {
        var switchOperation = (ISwitchExpressionOperation)context.Operation;
        if (!IsCommand(switchOperation.Value, symbols))
        {
            return;
        }
        var coverage = new Coverage(symbols);
        foreach (var arm in switchOperation.Arms)
        {
            coverage.Add(arm.Pattern);
            if (coverage.All)
            {
                return;
            }
        }
        var location = switchOperation.Syntax is SwitchExpressionSyntax syntax
            ? syntax.SwitchKeyword.GetLocation()
            : switchOperation.Syntax.GetLocation();
        coverage.Report(context, location);
    }

    private static bool IsCommand(IOperation value, SidecarSymbols symbols) =>
        SymbolEqualityComparer.Default.Equals(value.Type, symbols.Command);

    private sealed class Coverage
    {
        private readonly SidecarSymbols _symbols;
        private readonly HashSet<INamedTypeSymbol> _covered = new(SymbolEqualityComparer.Default);

        public Coverage(SidecarSymbols symbols) => _symbols = symbols;

        /// <summary>True once a case matches every command (or one the rule cannot read was seen).</summary>
        public bool All { get; private set; }

        public void Add(IPatternOperation pattern)
        {
            switch (pattern)
            {
                case IDiscardPatternOperation:
                    All = true;
                    break;
                case IDeclarationPatternOperation declaration:
                    AddType(declaration.MatchedType);
                    break;
                case ITypePatternOperation typePattern:
                    AddType(typePattern.MatchedType);
                    break;
                case IRecursivePatternOperation recursive:
                    AddType(recursive.MatchedType);
                    break;
                case IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } or:
                    Add(or.LeftPattern);
                    Add(or.RightPattern);
                    break;
                case IConstantPatternOperation:
                    // `null` and constants select no command type.
                    break;
                default:
                    // `not X`, `and` combinations, relational patterns...: not worth guessing.
                    All = true;
                    break;
            }
        }

        private void AddType(ITypeSymbol? matched)
        {
            if (_symbols.Commands.Find(matched) is { } command)
            {
                // A guarded case still shows that the author decided about the type.
                _covered.Add(command.Type);
                return;
            }
            // `var x`, `Command c`, `object o`, an interface, a guarded catch-all dispatching on Method...: matches
            // every command or is beyond reading.
            All = true;
        }

        public void Report(OperationAnalysisContext context, Location location)
        {
            if (All)
            {
                return;
            }
            var missing = _symbols.Commands.All
                .Where(c => c.Demand != CommandDemand.Runtime && !_covered.Contains(c.Type))
                .Select(c => c.Name)
                .ToList();
            if (missing.Count == 0)
            {
                return;
            }
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.IncompleteCommandSwitch, location, string.Join(", ", missing)));
        }
    }
}
