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
/// LFS0201: two decisions for a command the adapter has none for: add an <c>[OnCommand]</c> handler stub, or list the
/// type in <c>IgnoredCommands</c>. Fix All applies the chosen decision to every undecided command at once.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnhandledCommandCodeFixProvider)), Shared]
public sealed class UnhandledCommandCodeFixProvider : CodeFixProvider
{
    /// <summary>Equivalence key of the "add a handler" action.</summary>
    public const string AddHandlerKey = "LFS0201.AddHandler";

    /// <summary>Equivalence key of the "ignore the command" action.</summary>
    public const string IgnoreKey = "LFS0201.Ignore";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.UnhandledCommand.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => new DelegatingFixAllProvider(ApplyAsync);

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (CommandType(diagnostic) is not { } commandType)
            {
                continue;
            }
            var shortName = commandType.Substring(commandType.LastIndexOf('.') + 1);
            var single = ImmutableArray.Create(diagnostic);
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Add an [OnCommand] handler for {shortName}",
                    cancellationToken => ApplyAsync(context.Document, single, AddHandlerKey, cancellationToken),
                    AddHandlerKey),
                diagnostic);
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Ignore {shortName} (add it to IgnoredCommands)",
                    cancellationToken => ApplyAsync(context.Document, single, IgnoreKey, cancellationToken),
                    IgnoreKey),
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

        var byClass = new Dictionary<ClassDeclarationSyntax, List<string>>();
        foreach (var diagnostic in diagnostics)
        {
            if (AdapterEditor.FindClass(root, diagnostic) is { } declaration && CommandType(diagnostic) is { } commandType)
            {
                if (!byClass.TryGetValue(declaration, out var list))
                {
                    byClass[declaration] = list = new List<string>();
                }
                list.Add(commandType);
            }
        }

        var newRoot = root.ReplaceNodes(byClass.Keys, (original, _) =>
        {
            var commands = byClass[original];
            if (equivalenceKey == IgnoreKey)
            {
                var attribute = AdapterEditor.FindAdapterAttribute(original, model);
                return attribute is null ? original : original.ReplaceNode(attribute, AdapterEditor.AddIgnoredCommands(attribute, commands));
            }
            return AdapterEditor.AddHandlerStubs(original, model.GetDeclaredSymbol(original, cancellationToken) as INamedTypeSymbol, commands);
        });
        return document.WithSyntaxRoot(newRoot);
    }

    private static string? CommandType(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(UnhandledCommandAnalyzer.CommandTypeProperty, out var type) ? type : null;
}
