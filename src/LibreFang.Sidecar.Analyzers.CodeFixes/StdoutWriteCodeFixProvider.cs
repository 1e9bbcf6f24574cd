using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LibreFang.Sidecar.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace LibreFang.Sidecar.Analyzers.CodeFixes;

/// <summary>
/// LFS0101: sends the write to stderr instead. <c>Console.WriteLine(x)</c> becomes <c>Console.Error.WriteLine(x)</c>,
/// <c>Console.Out</c> becomes <c>Console.Error</c>, <c>OpenStandardOutput</c> becomes <c>OpenStandardError</c>; the
/// <c>using static</c> forms likewise. A write is only rewritten when TextWriter has the same overload.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(StdoutWriteCodeFixProvider)), Shared]
public sealed class StdoutWriteCodeFixProvider : CodeFixProvider
{
    private const string EquivalenceKey = "LFS0101.UseStandardError";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.StdoutWrite.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }
        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (!diagnostic.Properties.TryGetValue(StdoutWriteAnalyzer.MemberProperty, out var member) || member is null)
            {
                continue;
            }
            var replacement = CreateReplacement(node, member, model, context.CancellationToken);
            if (replacement is null)
            {
                continue;
            }
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Write to Console.Error",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(replacement.Value.Old, replacement.Value.New))),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static (SyntaxNode Old, SyntaxNode New)? CreateReplacement(
        SyntaxNode node, string member, SemanticModel model, CancellationToken cancellationToken)
    {
        if (member == "Out")
        {
            var expression = node as ExpressionSyntax;
            return expression is null ? null : (expression, StandardErrorFor(expression).WithTriviaFrom(expression));
        }

        if (node is MemberAccessExpressionSyntax or SimpleNameSyntax)
        {
            return MethodGroupReplacement((ExpressionSyntax)node, member, model);
        }
        if (node is not InvocationExpressionSyntax invocation)
        {
            return null;
        }
        ExpressionSyntax newCallee;
        if (member == "OpenStandardOutput")
        {
            newCallee = invocation.Expression is MemberAccessExpressionSyntax access
                ? access.WithName(SyntaxFactory.IdentifierName("OpenStandardError"))
                : Qualified("global::System.Console.OpenStandardError");
        }
        else
        {
            // Console.WriteLine(...) -> Console.Error.WriteLine(...); WriteLine(...) under `using static` likewise.
            var name = invocation.Expression switch
            {
                MemberAccessExpressionSyntax access => access.Name,
                SimpleNameSyntax simple => simple,
                _ => null,
            };
            if (name is null)
            {
                return null;
            }
            var writer = invocation.Expression is MemberAccessExpressionSyntax { Expression: { } console }
                ? SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, console.WithoutTrivia(), SyntaxFactory.IdentifierName("Error"))
                : Qualified("global::System.Console.Error");
            newCallee = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, writer, name.WithoutTrivia());
        }

        var newInvocation = invocation.WithExpression(newCallee.WithTriviaFrom(invocation.Expression));
        var bound = model.GetSpeculativeSymbolInfo(invocation.SpanStart, newInvocation, SpeculativeBindingOption.BindAsExpression).Symbol as IMethodSymbol;
        var expectedOwner = member == "OpenStandardOutput" ? "System.Console" : "System.IO.TextWriter";
        if (bound is null || bound.ContainingType.ToDisplayString() != expectedOwner)
        {
            return null;
        }
        cancellationToken.ThrowIfCancellationRequested();
        return (invocation, newInvocation);
    }

    /// <summary>
    /// <c>Console.WriteLine</c> as a delegate becomes <c>Console.Error.WriteLine</c> (TextWriter has every overload
    /// Console has); <c>Console.OpenStandardOutput</c> becomes <c>Console.OpenStandardError</c>.
    /// </summary>
    private static (SyntaxNode Old, SyntaxNode New)? MethodGroupReplacement(ExpressionSyntax group, string member, SemanticModel model)
    {
        var (console, name) = group switch
        {
            MemberAccessExpressionSyntax access => (access.Expression.WithoutTrivia(), access.Name),
            SimpleNameSyntax simple => (Qualified("global::System.Console"), simple),
            _ => default,
        };
        if (name is null)
        {
            return null;
        }
        ExpressionSyntax replacement = member == "OpenStandardOutput"
            ? SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, console, SyntaxFactory.IdentifierName("OpenStandardError"))
            : SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, console, SyntaxFactory.IdentifierName("Error")),
                name.WithoutTrivia());
        replacement = replacement.WithTriviaFrom(group);
        // The delegate conversion must still bind: the speculative model resolves the group against the target type.
        var bound = model.GetSpeculativeSymbolInfo(group.SpanStart, replacement, SpeculativeBindingOption.BindAsExpression);
        return bound.Symbol is null && bound.CandidateSymbols.IsEmpty ? null : (group, replacement);
    }

    private static ExpressionSyntax StandardErrorFor(ExpressionSyntax outReference) => outReference switch
    {
        MemberAccessExpressionSyntax access => access.WithName(SyntaxFactory.IdentifierName("Error").WithTriviaFrom(access.Name)),
        _ => Qualified("global::System.Console.Error"),
    };

    private static ExpressionSyntax Qualified(string text) =>
        SyntaxFactory.ParseExpression(text).WithAdditionalAnnotations(Simplifier.Annotation);
}
