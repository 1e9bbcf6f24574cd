using System.Collections.Immutable;
using System.Diagnostics;
using LibreFang.Sidecar.Analyzers.Rules;
using LibreFang.Sidecar.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LibreFang.Sidecar.GeneratorBench;

/// <summary>
/// What the SDK's analyzers cost on the same compilation, the two ways they run:
/// a build analyses the whole compilation (generated sources included, as the compiler sees them); the IDE, after an
/// edit, re-analyses the edited document only (none of our analyzers has a compilation-end action that would widen it).
/// Besides the wall time, the analyzers' own execution time as the compiler reports it (what
/// <c>-p:ReportAnalyzer=true</c> prints): the wall time also holds the binding that any analyzer's operation actions
/// force, which a build pays for its own diagnostics anyway.
/// </summary>
internal static class AnalyzerCost
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(StdoutWriteAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>
    /// One analysis: wall-clock and the analyzers' own execution time in milliseconds (in total and per analyzer, in
    /// the order of <see cref="Names"/>), and how many diagnostics it reported.
    /// </summary>
    public readonly record struct Run(double WallMilliseconds, double OwnMilliseconds, double[] PerAnalyzer, int Diagnostics);

    public static IReadOnlyList<string> Names { get; } = Analyzers.Select(a => a.GetType().Name).ToList();

    /// <summary>
    /// Whole-compilation analysis of a fresh compilation with the generated sources added (a build), then analysis of
    /// one edited document in the edited compilation (the IDE after the edit).
    /// </summary>
    public static (Run Build, Run EditedDocument) Measure(Func<CSharpCompilation> fresh, SyntaxTree target, SyntaxTree edited, CSharpParseOptions parse)
    {
        CSharpGeneratorDriver.Create([new SidecarAdapterGenerator().AsSourceGenerator()], parseOptions: parse)
            .RunGeneratorsAndUpdateCompilation(fresh(), out var withGenerated, out _);
        var editedCompilation = withGenerated.ReplaceSyntaxTree(withGenerated.SyntaxTrees.Single(t => t.FilePath == target.FilePath), edited);

        var build = Time(withGenerated, analysis => analysis.GetAnalyzerDiagnosticsAsync());
        var document = Time(editedCompilation, async analysis =>
        {
            var syntax = await analysis.GetAnalyzerSyntaxDiagnosticsAsync(edited, CancellationToken.None);
            var semantic = await analysis.GetAnalyzerSemanticDiagnosticsAsync(editedCompilation.GetSemanticModel(edited), null, CancellationToken.None);
            return syntax.AddRange(semantic);
        });
        return (build, document);
    }

    private static Run Time(Compilation compilation, Func<CompilationWithAnalyzers, Task<ImmutableArray<Diagnostic>>> analyse)
    {
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null,
            concurrentAnalysis: false, logAnalyzerExecutionTime: true);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var clock = Stopwatch.StartNew();
        var analysis = compilation.WithAnalyzers(Analyzers, options);
        var diagnostics = analyse(analysis).GetAwaiter().GetResult();
        var wall = clock.Elapsed.TotalMilliseconds;
        var perAnalyzer = Analyzers
            .Select(a => analysis.GetAnalyzerTelemetryInfoAsync(a, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds)
            .ToArray();
        return new Run(wall, perAnalyzer.Sum(), perAnalyzer, diagnostics.Length);
    }
}
