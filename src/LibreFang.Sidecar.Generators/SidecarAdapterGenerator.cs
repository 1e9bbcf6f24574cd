using LibreFang.Sidecar.Generators.Emit;
using LibreFang.Sidecar.Generators.Model;
using LibreFang.Sidecar.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LibreFang.Sidecar.Generators;

/// <summary>
/// Completes every <c>[SidecarAdapter]</c> partial class: the adapter and factory interfaces, the exhaustive command
/// dispatch, capabilities, the <c>--describe</c> schema, the configuration binder and <c>RunAsync(args)</c>.
/// </summary>
/// <remarks>
/// The generator reports nothing. Declaration problems (LFS0001–LFS0011) are reported by the declaration analyzer,
/// which reads the class through the same shared conventions, so editors that show analyzer results while typing show
/// them too and a build shows each once. A class with such a problem gets a stub whose <c>RunAsync</c> throws, so the
/// rest of the project keeps compiling.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class SidecarAdapterGenerator : IIncrementalGenerator
{
    /// <summary>Step names, for incremental-caching tests.</summary>
    public static class Steps
    {
        /// <summary>The per-class model (null when nothing can be generated).</summary>
        public const string Results = "AdapterResults";
        /// <summary>The models that produce source.</summary>
        public const string Models = "AdapterModels";
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var models = context.SyntaxProvider.ForAttributeWithMetadataName(
                MetadataNames.SidecarAdapterAttribute,
                predicate: static (node, _) => node is ClassDeclarationSyntax,
                transform: static (ctx, ct) => AdapterModelCache.GetOrBuild(ctx, ct))
            .WithTrackingName(Steps.Results)
            .Where(static model => model is not null)
            .WithTrackingName(Steps.Models);

        context.RegisterSourceOutput(models, static (spc, model) => spc.AddSource(model!.HintName, AdapterEmitter.Emit(model)));
    }
}
