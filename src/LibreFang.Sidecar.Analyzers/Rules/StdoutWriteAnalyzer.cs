using System.Collections.Immutable;
using System.Threading;
using LibreFang.Sidecar.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LibreFang.Sidecar.Analyzers.Rules;

/// <summary>
/// LFS0101: <c>Console.Write</c>/<c>WriteLine</c>, <c>Console.Out</c> and <c>Console.OpenStandardOutput</c> in an
/// assembly that declares a [SidecarAdapter] (stdout carries the protocol there). Member lookups are semantic, so the
/// <c>using static System.Console</c> forms are found too, and so are method groups (<c>Action&lt;string&gt; log =
/// Console.WriteLine</c>, <c>items.ForEach(Console.WriteLine)</c>), which write whenever the delegate runs. Nothing
/// inside <c>nameof(...)</c> is flagged: it writes nothing. <c>Console.SetOut</c> is not flagged by itself: redirecting
/// Console.Out to stderr is the protective idiom; handing it a stdout writer is flagged where that writer is obtained.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StdoutWriteAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: which stdout member was used.</summary>
    public const string MemberProperty = "Member";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.StdoutWrite);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (!SidecarSymbols.MayApply(start.Compilation))
            {
                return;
            }

            // Console and the runtime are resolved in the first action (SidecarSymbols.MayApply says why); whether the
            // project declares an adapter is asked only once a stdout use is found (SourceDeclaresAdapter).
            var console = new ConsoleType();
            start.RegisterOperationAction(context =>
            {
                if (console.Resolve(context.Compilation) is { } type)
                {
                    AnalyzeInvocation(context, type);
                }
            }, OperationKind.Invocation);
            start.RegisterOperationAction(context =>
            {
                if (console.Resolve(context.Compilation) is { } type)
                {
                    AnalyzePropertyReference(context, type);
                }
            }, OperationKind.PropertyReference);
            start.RegisterOperationAction(context =>
            {
                if (console.Resolve(context.Compilation) is { } type)
                {
                    AnalyzeMethodReference(context, type);
                }
            }, OperationKind.MethodReference);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol console)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, console))
        {
            return;
        }
        if (IsStdoutMethod(method.Name) && !InsideNameOf(invocation))
        {
            Report(context, invocation.Syntax, method.Name);
        }
    }

    private static void AnalyzeMethodReference(OperationAnalysisContext context, INamedTypeSymbol console)
    {
        var reference = (IMethodReferenceOperation)context.Operation;
        if (SymbolEqualityComparer.Default.Equals(reference.Method.ContainingType, console)
            && IsStdoutMethod(reference.Method.Name)
            && !InsideNameOf(reference))
        {
            Report(context, reference.Syntax, reference.Method.Name);
        }
    }

    private static bool IsStdoutMethod(string name) => name is "Write" or "WriteLine" or "OpenStandardOutput";

    private static bool InsideNameOf(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is INameOfOperation)
            {
                return true;
            }
        }
        return false;
    }

    private static void AnalyzePropertyReference(OperationAnalysisContext context, INamedTypeSymbol console)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        if (reference.Property.Name == "Out"
            && SymbolEqualityComparer.Default.Equals(reference.Property.ContainingType, console)
            && !InsideNameOf(reference))
        {
            Report(context, reference.Syntax, "Out");
        }
    }

    private static void Report(OperationAnalysisContext context, SyntaxNode node, string member)
    {
        if (SidecarSymbols.TryCreate(context.Compilation) is not { } symbols || !symbols.SourceDeclaresAdapter(context.CancellationToken))
        {
            return;
        }
        var properties = ImmutableDictionary<string, string?>.Empty.Add(MemberProperty, member);
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.StdoutWrite, node.GetLocation(), properties, "Console." + member));
    }

    /// <summary><c>System.Console</c> in one compilation, looked up on first use.</summary>
    private sealed class ConsoleType
    {
        private INamedTypeSymbol? _type;
        private bool _resolved;

        public INamedTypeSymbol? Resolve(Compilation compilation)
        {
            if (!Volatile.Read(ref _resolved))
            {
                // Racing threads find the same symbol.
                _type = compilation.GetTypeByMetadataName("System.Console");
                Volatile.Write(ref _resolved, true);
            }
            return _type;
        }
    }
}
