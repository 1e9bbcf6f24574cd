using System.Collections.Immutable;
using System.Linq;
using LibreFang.Sidecar.Analyzers.Rules.Locks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LibreFang.Sidecar.Analyzers.Rules;

/// <summary>
/// LFS0301 / LFS0302: a lock acquired in an async method (or lambda, or local function) that is still held, on some
/// path through the method's control flow graph, when an await other than the acquire itself is reached.
/// SemaphoreSlim gives a warning (a stall); Monitor, Mutex, ReaderWriterLockSlim, SpinLock and
/// System.Threading.Lock give an error (their release on another thread fails). <c>lock</c> statements and
/// <c>Lock.EnterScope</c> are left to the compiler, which already rejects an await inside them.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LockAcrossAwaitAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.SemaphoreHeldAcrossAwait, DiagnosticDescriptors.ThreadAffineLockHeldAcrossAwait);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var lockTypes = LockTypes.Create(start.Compilation);
            if (lockTypes is null)
            {
                return;
            }
            start.RegisterOperationAction(
                context => AnalyzeBody(context, lockTypes), OperationKind.MethodBody, OperationKind.ConstructorBody);
        });
    }

    private static void AnalyzeBody(OperationAnalysisContext context, LockTypes lockTypes)
    {
        var body = context.Operation;
        // Without an await there is nothing to hold a lock across; this keeps graph construction off most methods.
        if (!body.Syntax.DescendantTokens().Any(token => token.IsKind(SyntaxKind.AwaitKeyword)))
        {
            return;
        }
        var graph = body switch
        {
            IMethodBodyOperation method => ControlFlowGraph.Create(method, context.CancellationToken),
            IConstructorBodyOperation constructor => ControlFlowGraph.Create(constructor, context.CancellationToken),
            _ => null,
        };
        if (graph is null)
        {
            return;
        }
        var isAsync = context.ContainingSymbol is IMethodSymbol { IsAsync: true };
        AnalyzeGraph(context, lockTypes, graph, isAsync);
    }

    private static void AnalyzeGraph(OperationAnalysisContext context, LockTypes lockTypes, ControlFlowGraph graph, bool isAsync)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        if (isAsync)
        {
            foreach (var finding in new LockFlowAnalysis(graph, lockTypes, context.CancellationToken).Run())
            {
                var descriptor = finding.Lock.ThreadAffine
                    ? DiagnosticDescriptors.ThreadAffineLockHeldAcrossAwait
                    : DiagnosticDescriptors.SemaphoreHeldAcrossAwait;
                var awaitLine = finding.Await.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                var diagnostic = finding.Lock.ThreadAffine
                    ? Diagnostic.Create(descriptor, finding.Lock.Acquire.Syntax.GetLocation(), new[] { finding.Await.GetLocation() },
                        finding.Lock.Display, finding.Lock.KindName, awaitLine)
                    : Diagnostic.Create(descriptor, finding.Lock.Acquire.Syntax.GetLocation(), new[] { finding.Await.GetLocation() },
                        finding.Lock.Display, awaitLine);
                context.ReportDiagnostic(diagnostic);
            }
        }

        foreach (var localFunction in graph.LocalFunctions)
        {
            AnalyzeGraph(context, lockTypes, graph.GetLocalFunctionControlFlowGraph(localFunction, context.CancellationToken), localFunction.IsAsync);
        }
        foreach (var block in graph.Blocks)
        {
            var roots = block.BranchValue is null ? block.Operations : block.Operations.Add(block.BranchValue);
            foreach (var lambda in roots.SelectMany(r => r.DescendantsAndSelf()).OfType<IFlowAnonymousFunctionOperation>())
            {
                AnalyzeGraph(context, lockTypes, graph.GetAnonymousFunctionControlFlowGraph(lambda, context.CancellationToken), lambda.Symbol.IsAsync);
            }
        }
    }
}
