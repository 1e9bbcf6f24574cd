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
/// path through the method's control flow graph, when an await other than the acquire itself is reached. Every
/// executable block is read: method and constructor bodies, expression-bodied members and accessors, and field and
/// property initializers, so an async lambda stored in a field or returned by a property is analysed too.
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
            // The lock types are resolved in the first action, not here: looking a type up binds the project's
            // declarations, which the first analysis of every new compilation would otherwise pay for (see
            // SidecarSymbols.MayApply).
            var resolved = new LockTypesOnce();
            start.RegisterOperationBlockAction(context =>
            {
                if (resolved.Get(context.Compilation) is not { } lockTypes)
                {
                    return;
                }
                // A block may hang under a body operation (a method's block under its IMethodBodyOperation): build
                // one graph per root.
                var roots = new System.Collections.Generic.HashSet<IOperation>();
                foreach (var block in context.OperationBlocks)
                {
                    var root = block;
                    while (root.Parent is not null)
                    {
                        root = root.Parent;
                    }
                    if (roots.Add(root))
                    {
                        AnalyzeBlock(context, root, lockTypes);
                    }
                }
            });
        });
    }

    private static void AnalyzeBlock(OperationBlockAnalysisContext context, IOperation block, LockTypes lockTypes)
    {
        // Without an await there is nothing to hold a lock across; this keeps graph construction off most blocks.
        if (!block.Syntax.DescendantTokens().Any(token => token.IsKind(SyntaxKind.AwaitKeyword)))
        {
            return;
        }
        var graph = block switch
        {
            IMethodBodyOperation method => ControlFlowGraph.Create(method, context.CancellationToken),
            IConstructorBodyOperation constructor => ControlFlowGraph.Create(constructor, context.CancellationToken),
            IFieldInitializerOperation field => ControlFlowGraph.Create(field, context.CancellationToken),
            IPropertyInitializerOperation property => ControlFlowGraph.Create(property, context.CancellationToken),
            // An expression-bodied member or accessor: its root is a block of its own.
            IBlockOperation { Parent: null } root => ControlFlowGraph.Create(root, context.CancellationToken),
            _ => null,
        };
        if (graph is null)
        {
            return;
        }
        var isAsync = context.OwningSymbol is IMethodSymbol { IsAsync: true };
        AnalyzeGraph(context.ReportDiagnostic, lockTypes, graph, isAsync, context.CancellationToken);
    }

    private static void AnalyzeGraph(System.Action<Diagnostic> report, LockTypes lockTypes, ControlFlowGraph graph, bool isAsync, System.Threading.CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (isAsync)
        {
            foreach (var finding in new LockFlowAnalysis(graph, lockTypes, cancellationToken).Run())
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
                report(diagnostic);
            }
        }

        foreach (var localFunction in graph.LocalFunctions)
        {
            AnalyzeGraph(report, lockTypes, graph.GetLocalFunctionControlFlowGraph(localFunction, cancellationToken), localFunction.IsAsync, cancellationToken);
        }
        foreach (var block in graph.Blocks)
        {
            var roots = block.BranchValue is null ? block.Operations : block.Operations.Add(block.BranchValue);
            foreach (var lambda in roots.SelectMany(r => r.DescendantsAndSelf()).OfType<IFlowAnonymousFunctionOperation>())
            {
                AnalyzeGraph(report, lockTypes, graph.GetAnonymousFunctionControlFlowGraph(lambda, cancellationToken), lambda.Symbol.IsAsync, cancellationToken);
            }
        }
    }

    /// <summary>The compilation's <see cref="LockTypes"/>, or null when it has no lock type; looked up on first use.</summary>
    private sealed class LockTypesOnce
    {
        private LockTypes? _types;
        private bool _resolved;

        public LockTypes? Get(Compilation compilation)
        {
            if (!System.Threading.Volatile.Read(ref _resolved))
            {
                // Racing threads resolve equal sets of symbols.
                _types = LockTypes.Create(compilation);
                System.Threading.Volatile.Write(ref _resolved, true);
            }
            return _types;
        }
    }
}
