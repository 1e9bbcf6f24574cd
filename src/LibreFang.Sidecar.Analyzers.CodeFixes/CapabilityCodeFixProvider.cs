using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LibreFang.Sidecar.Analyzers.CodeFixes.Editing;
using LibreFang.Sidecar.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LibreFang.Sidecar.Analyzers.CodeFixes;

/// <summary>
/// LFS0501: remove the capability from <c>Capabilities</c>, or add handler stubs for its commands.
/// LFS0502: add handler stubs for the commands of the capability that still have none.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CapabilityCodeFixProvider)), Shared]
public sealed class CapabilityCodeFixProvider : CodeFixProvider
{
    /// <summary>Equivalence key of "remove the capability" (LFS0501).</summary>
    public const string RemoveKey = "LFS0501.RemoveCapability";

    /// <summary>Equivalence key of "add the missing handlers" (LFS0501 and LFS0502).</summary>
    public const string AddHandlersKey = "LFS050x.AddHandlers";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.CapabilityWithoutHandler.Id, DiagnosticDescriptors.CapabilityPartlyHandled.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => new DelegatingFixAllProvider(ApplyAsync);

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(CapabilityMismatchAnalyzer.CapabilityProperty, out var capability) || capability is null)
            {
                continue;
            }
            var single = ImmutableArray.Create(diagnostic);
            if (diagnostic.Id == DiagnosticDescriptors.CapabilityWithoutHandler.Id)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Remove '{capability}' from Capabilities",
                        cancellationToken => ApplyAsync(context.Document, single, RemoveKey, cancellationToken),
                        RemoveKey),
                    diagnostic);
            }
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Add [OnCommand] handlers for '{capability}'",
                    cancellationToken => ApplyAsync(context.Document, single, AddHandlersKey, cancellationToken),
                    AddHandlersKey),
                diagnostic);
        }
        return Task.CompletedTask;
    }

    private static async Task<Document> ApplyAsync(
        Document document, ImmutableArray<Diagnostic> diagnostics, string equivalenceKey, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var edits = new Dictionary<ClassDeclarationSyntax, (List<ExpressionSyntax> Remove, List<string> Stubs)>();
        foreach (var diagnostic in diagnostics)
        {
            if (AdapterEditor.FindClass(root, diagnostic) is not { } declaration)
            {
                continue;
            }
            if (!edits.TryGetValue(declaration, out var edit))
            {
                edits[declaration] = edit = (new List<ExpressionSyntax>(), new List<string>());
            }
            if (equivalenceKey == RemoveKey)
            {
                if (diagnostic.Id == DiagnosticDescriptors.CapabilityWithoutHandler.Id
                    && root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax element
                    && element.FirstAncestorOrSelf<AttributeSyntax>() is not null)
                {
                    edit.Remove.Add(element);
                }
            }
            else if (diagnostic.Properties.TryGetValue(CapabilityMismatchAnalyzer.MissingCommandsProperty, out var missing) && missing is not null)
            {
                edit.Stubs.AddRange(missing.Split(new[] { ';' }, System.StringSplitOptions.RemoveEmptyEntries));
            }
        }

        var newRoot = root.ReplaceNodes(edits.Keys, (original, _) =>
        {
            var (remove, stubs) = edits[original];
            var updated = original;
            if (remove.Count > 0 && AdapterEditor.FindAdapterAttribute(original, model) is { } attribute)
            {
                updated = updated.ReplaceNode(attribute, AdapterEditor.RemoveCapabilities(attribute, remove));
            }
            if (stubs.Count > 0)
            {
                updated = AdapterEditor.AddHandlerStubs(updated, model.GetDeclaredSymbol(original, cancellationToken) as INamedTypeSymbol, stubs);
            }
            return updated;
        });
        return document.WithSyntaxRoot(newRoot);
    }
}
