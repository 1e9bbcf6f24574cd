using System.Linq;
using LibreFang.Sidecar.Generators.Emit;
using LibreFang.Sidecar.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace LibreFang.Sidecar.Generators;

/// <summary>
/// Completes every <c>[SidecarAdapter]</c> partial class: the adapter and factory interfaces, the exhaustive command
/// dispatch, capabilities, the <c>--describe</c> schema, the configuration binder and <c>RunAsync(args)</c>.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SidecarAdapterGenerator : IIncrementalGenerator
{
    /// <summary>Step names, for incremental-caching tests.</summary>
    public static class Steps
    {
        /// <summary>The per-class model and diagnostics.</summary>
        public const string Results = "AdapterResults";
        /// <summary>The models that produce source.</summary>
        public const string Models = "AdapterModels";
        /// <summary>The diagnostics to report.</summary>
        public const string Diagnostics = "AdapterDiagnostics";
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var results = context.SyntaxProvider.ForAttributeWithMetadataName(
                "LibreFang.Sidecar.SidecarAdapterAttribute",
                predicate: static (node, _) => node is ClassDeclarationSyntax,
                transform: static (ctx, ct) => AdapterModelBuilder.Build(ctx, ct))
            .WithTrackingName(Steps.Results);

        var models = results
            .Select(static (result, _) => result.Model)
            .Where(static model => model is not null)
            .WithTrackingName(Steps.Models);

        var diagnostics = results
            .SelectMany(static (result, _) => result.Diagnostics)
            .WithTrackingName(Steps.Diagnostics);

        context.RegisterSourceOutput(models, static (spc, model) => spc.AddSource(model!.HintName, AdapterEmitter.Emit(model)));
        context.RegisterSourceOutput(diagnostics, static (spc, info) => spc.ReportDiagnostic(ToDiagnostic(info)));
    }

    private static Diagnostic ToDiagnostic(DiagnosticInfo info)
    {
        var descriptor = Diagnostics.Find(info.Id)!;
        var location = info.FilePath.Length == 0
            ? Location.None
            : Location.Create(info.FilePath, new TextSpan(info.Start, info.Length),
                new LinePositionSpan(new LinePosition(info.StartLine, info.StartColumn), new LinePosition(info.EndLine, info.EndColumn)));
        return Diagnostic.Create(descriptor, location, info.Arguments.Cast<object>().ToArray());
    }
}
