using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace LibreFang.Sidecar.Analyzers.CodeFixes;

/// <summary>
/// LFS0202: states the decision for the remaining commands without changing behaviour: <c>default: break;</c> for a
/// statement (the unnamed commands were already skipped), a throwing discard arm for an expression (it already threw).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(IncompleteCommandSwitchCodeFixProvider)), Shared]
public sealed class IncompleteCommandSwitchCodeFixProvider : CodeFixProvider
{
    private const string EquivalenceKey = "LFS0202.AddDefault";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.IncompleteCommandSwitch.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }
        foreach (var diagnostic in context.Diagnostics)
        {
            var parent = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent;
            SyntaxNode? original = parent as SwitchStatementSyntax ?? (SyntaxNode?)(parent as SwitchExpressionSyntax);
            SyntaxNode? replacement = parent switch
            {
                SwitchStatementSyntax statement => statement.AddSections(
                    SyntaxFactory.SwitchSection(
                        SyntaxFactory.SingletonList<SwitchLabelSyntax>(SyntaxFactory.DefaultSwitchLabel()),
                        SyntaxFactory.SingletonList<StatementSyntax>(SyntaxFactory.BreakStatement()))
                    .WithAdditionalAnnotations(Formatter.Annotation)),
                SwitchExpressionSyntax expression => AddThrowingArm(expression),
                _ => null,
            };
            if (original is null || replacement is null)
            {
                continue;
            }
            var title = parent is SwitchStatementSyntax ? "Add 'default: break;'" : "Add a discard arm that throws NotSupportedException";
            context.RegisterCodeFix(
                CodeAction.Create(title, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(original, replacement))), EquivalenceKey),
                diagnostic);
        }
    }

    private static SwitchExpressionSyntax AddThrowingArm(SwitchExpressionSyntax expression)
    {
        var arm = SyntaxFactory.SwitchExpressionArm(
                SyntaxFactory.DiscardPattern(),
                SyntaxFactory.ThrowExpression(
                    SyntaxFactory.ObjectCreationExpression(
                        SyntaxFactory.ParseTypeName("global::System.NotSupportedException").WithAdditionalAnnotations(Simplifier.Annotation),
                        SyntaxFactory.ArgumentList(),
                        initializer: null)))
            .WithAdditionalAnnotations(Formatter.Annotation);
        var arms = expression.Arms;
        var nodes = new System.Collections.Generic.List<SwitchExpressionArmSyntax>(arms);
        var separators = new System.Collections.Generic.List<SyntaxToken>(arms.GetSeparators());
        if (arms.Count > 0 && arms.SeparatorCount == arms.Count)
        {
            // `A => 1,` stays, the new arm follows with the same trailing comma (and the same line break).
            nodes.Add(arm);
            separators.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(separators[separators.Count - 1].TrailingTrivia));
        }
        else if (arms.Count > 0)
        {
            // `A => 1 }` becomes `A => 1, _ => throw ... }`; the last arm's line break follows both arms.
            var last = nodes[nodes.Count - 1];
            nodes[nodes.Count - 1] = last.WithoutTrailingTrivia();
            separators.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(last.GetTrailingTrivia()));
            nodes.Add(arm.WithTrailingTrivia(last.GetTrailingTrivia()));
        }
        else
        {
            nodes.Add(arm);
        }
        return expression.WithArms(SyntaxFactory.SeparatedList(nodes, separators));
    }
}
