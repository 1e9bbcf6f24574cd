using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LibreFang.Sidecar.Analyzers.Tests.Infrastructure;

/// <summary>
/// Compiles sources with the compiler API alone (no workspace) against the running framework and the real runtime,
/// and runs every analyzer of the package the way the command-line compiler does, .editorconfig included.
/// </summary>
internal static class DirectCompilation
{
    private static readonly ImmutableArray<MetadataReference> References =
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Select(p => MetadataReference.CreateFromFile(p)),
        TestReferences.Runtime,
        // What a project referencing the package gets with it, so an adapter taking ILogger<T> compiles as it would.
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location),
    ];

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers { get; } =
    [
        .. typeof(DiagnosticDescriptors).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!),
    ];

    public static CSharpCompilation Compile(string source, string? editorConfig = null)
    {
        const string path = "/src/Adapter.cs";
        var tree = CSharpSyntaxTree.ParseText(TestReferences.Usings + source, ParseOptions, path: path);
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
        if (editorConfig is not null)
        {
            var config = AnalyzerConfigSet.Create(ImmutableArray.Create(AnalyzerConfig.Parse(editorConfig, "/src/.editorconfig")));
            options = options.WithSyntaxTreeOptionsProvider(new EditorConfigOptions(config.GetOptionsForSourcePath(path).TreeOptions));
        }
        return CSharpCompilation.Create("Adapters", [tree], References, options);
    }

    /// <summary>The analyzers' diagnostics that are still reported (not suppressed, not severity none).</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation) =>
        await compilation.WithAnalyzers(AllAnalyzers).GetAnalyzerDiagnosticsAsync();

    /// <summary>Applies one file's .editorconfig severities, as the compiler does for every tree.</summary>
    private sealed class EditorConfigOptions(ImmutableDictionary<string, ReportDiagnostic> severities) : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            severities.TryGetValue(diagnosticId, out severity);

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = ReportDiagnostic.Default;
            return false;
        }
    }
}
