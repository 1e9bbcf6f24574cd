using System.Collections.Immutable;
using System.Composition;
using System.Linq;
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
/// LFS0601, only inside a method already marked <c>async</c> and outside contexts where <c>await</c> is not allowed
/// (<c>lock</c>, catch filters, queries): <c>t.Result</c> and <c>t.GetAwaiter().GetResult()</c> become
/// <c>await t</c>; a statement <c>t.Wait()</c> / <c>t.Wait(token)</c> becomes <c>await t</c> / <c>await t.WaitAsync(token)</c>;
/// a statement <c>Thread.Sleep(x)</c> becomes <c>await Task.Delay(x, cancellationToken)</c> with the method's token
/// when it has one. Timeout overloads of Wait (which return bool) and Task.WaitAll/WaitAny get no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingCallCodeFixProvider)), Shared]
public sealed class BlockingCallCodeFixProvider : CodeFixProvider
{
    private const string EquivalenceKey = "LFS0601.Await";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.BlockingCallInHandler.Id);

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
            if (!diagnostic.Properties.TryGetValue(BlockingCallInHandlerAnalyzer.KindProperty, out var kind) || kind is null)
            {
                continue;
            }
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (!AwaitIsAllowedAt(node, out var method))
            {
                continue;
            }
            var replacement = kind switch
            {
                BlockingCallInHandlerAnalyzer.ResultKind => AwaitResult(node),
                BlockingCallInHandlerAnalyzer.GetResultKind => AwaitGetResult(node),
                BlockingCallInHandlerAnalyzer.WaitKind => AwaitWait(node, model),
                BlockingCallInHandlerAnalyzer.SleepKind => Delay(node, method, model),
                _ => null,
            };
            if (replacement is null)
            {
                continue;
            }
            var newNode = replacement.WithTriviaFrom(node);
            context.RegisterCodeFix(
                CodeAction.Create("Await instead of blocking", _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(node, newNode))), EquivalenceKey),
                diagnostic);
        }
    }

    private static bool AwaitIsAllowedAt(SyntaxNode node, out MethodDeclarationSyntax method)
    {
        method = null!;
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case LockStatementSyntax or CatchFilterClauseSyntax or QueryExpressionSyntax or UnsafeStatementSyntax:
                    return false;
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    return false;
                case MethodDeclarationSyntax declaration:
                    method = declaration;
                    return declaration.Modifiers.Any(SyntaxKind.AsyncKeyword);
            }
        }
        return false;
    }

    // t.Result -> (await t); the simplifier drops the parentheses where they are not needed.
    private static ExpressionSyntax? AwaitResult(SyntaxNode node) =>
        node is MemberAccessExpressionSyntax { Expression: { } task } ? Awaited(task) : null;

    // t.GetAwaiter().GetResult() -> (await t)
    private static ExpressionSyntax? AwaitGetResult(SyntaxNode node) =>
        node is InvocationExpressionSyntax
        {
            Expression: MemberAccessExpressionSyntax
            {
                Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: { } task } },
            },
        }
            ? Awaited(task)
            : null;

    // t.Wait() -> await t; t.Wait(token) -> await t.WaitAsync(token). Only as a statement: Wait's other overloads return bool.
    private static ExpressionSyntax? AwaitWait(SyntaxNode node, SemanticModel model)
    {
        if (node is not InvocationExpressionSyntax { Parent: ExpressionStatementSyntax, Expression: MemberAccessExpressionSyntax access } invocation
            || model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol { IsStatic: false } wait)
        {
            return null;
        }
        if (wait.Parameters.Length == 0)
        {
            return SyntaxFactory.AwaitExpression(access.Expression.WithoutTrivia());
        }
        if (wait.Parameters.Length == 1 && wait.Parameters[0].Type.ToDisplayString() == "System.Threading.CancellationToken")
        {
            return SyntaxFactory.AwaitExpression(invocation.WithExpression(access.WithName(SyntaxFactory.IdentifierName("WaitAsync"))).WithoutTrivia());
        }
        return null;
    }

    // Thread.Sleep(x) -> await Task.Delay(x, cancellationToken)
    private static ExpressionSyntax? Delay(SyntaxNode node, MethodDeclarationSyntax method, SemanticModel model)
    {
        if (node is not InvocationExpressionSyntax { Parent: ExpressionStatementSyntax, ArgumentList.Arguments.Count: 1 } invocation)
        {
            return null;
        }
        var arguments = SyntaxFactory.SeparatedList(new[] { invocation.ArgumentList.Arguments[0].WithoutTrivia() });
        var token = method.ParameterList.Parameters.FirstOrDefault(p =>
            model.GetDeclaredSymbol(p) is { Type: { } type } && type.ToDisplayString() == "System.Threading.CancellationToken");
        if (token is not null)
        {
            arguments = arguments.Add(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(token.Identifier.ValueText)));
        }
        var delay = SyntaxFactory.InvocationExpression(
            SyntaxFactory.ParseExpression("global::System.Threading.Tasks.Task.Delay").WithAdditionalAnnotations(Simplifier.Annotation),
            SyntaxFactory.ArgumentList(arguments));
        return SyntaxFactory.AwaitExpression(delay);
    }

    private static ExpressionSyntax Awaited(ExpressionSyntax task) =>
        SyntaxFactory.ParenthesizedExpression(SyntaxFactory.AwaitExpression(task.WithoutTrivia()))
            .WithAdditionalAnnotations(Simplifier.Annotation);
}
