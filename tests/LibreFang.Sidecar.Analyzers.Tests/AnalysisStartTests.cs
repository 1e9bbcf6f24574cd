using System.Runtime.CompilerServices;
using LibreFang.Sidecar.Analyzers.Model;
using LibreFang.Sidecar.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LibreFang.Sidecar.Analyzers.Tests;

/// <summary>
/// What the rules do when an analysis starts, which the IDE does for every new compilation (every edit): when a
/// reference defines the runtime, they resolve nothing from the project until an action of theirs runs, so the start
/// does not bind every file's declarations (SidecarSymbols.MayApply).
/// </summary>
public sealed class AnalysisStartTests
{
    private const string Adapter = """
        [SidecarAdapter("demo")]
        public partial class DemoAdapter
        {
            [OnCommand]
            public ValueTask OnSend(SendCommand command) => default;
        }
        """;

    [Fact]
    public async Task Starting_an_analysis_with_the_runtime_referenced_resolves_nothing_from_the_project()
    {
        var compilation = DirectCompilation.Compile(Adapter);
        var resolutions = Count();

        // Syntax diagnostics start every rule (their compilation-start actions run) but run none of their actions.
        await compilation.WithAnalyzers(DirectCompilation.AllAnalyzers)
            .GetAnalyzerSyntaxDiagnosticsAsync(compilation.SyntaxTrees.Single(), CancellationToken.None);

        Assert.Equal(0, resolutions.Value);
    }

    [Fact]
    public async Task The_rules_resolve_the_runtime_once_for_all_of_them_and_still_report()
    {
        var compilation = DirectCompilation.Compile(Adapter + """

            static class Helpers
            {
                public static void Log(string text) => Console.WriteLine(text);
            }
            """);
        var resolutions = Count();

        var diagnostics = await DirectCompilation.AnalyzeAsync(compilation);

        Assert.Equal(1, resolutions.Value);
        Assert.Contains(diagnostics, d => d.Id == "LFS0101");
    }

    [Fact]
    public async Task A_compilation_without_the_runtime_is_resolved_at_the_start_and_gets_no_diagnostic()
    {
        var compilation = DirectCompilation.Compile("static class Tool { public static void Main() => System.Console.WriteLine(1); }")
            .RemoveReferences(TestReferences.Runtime);
        var resolutions = Count();

        await compilation.WithAnalyzers(DirectCompilation.AllAnalyzers)
            .GetAnalyzerSyntaxDiagnosticsAsync(compilation.SyntaxTrees.Single(), CancellationToken.None);
        var diagnostics = await DirectCompilation.AnalyzeAsync(compilation);

        Assert.True(resolutions.Value >= 1);
        Assert.Empty(diagnostics);
    }

    private static StrongBox<int> Count() => SidecarSymbols.ResolutionsInThisFlow.Value = new StrongBox<int>();
}
