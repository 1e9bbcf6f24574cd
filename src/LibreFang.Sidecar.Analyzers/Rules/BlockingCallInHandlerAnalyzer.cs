using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LibreFang.Sidecar.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LibreFang.Sidecar.Analyzers.Rules;

/// <summary>
/// LFS0601: <c>.Result</c>, <c>.Wait()</c>, <c>Task.WaitAll/WaitAny</c>, <c>GetAwaiter().GetResult()</c> and
/// <c>Thread.Sleep</c> in the body of an [OnCommand] method, the producer, or a hand-written
/// <c>HandleCommandAsync</c> (an <c>ISidecarAdapter</c> member implemented implicitly or explicitly). Lambdas and local functions are not inspected (they may run elsewhere), and a task that
/// the method already awaited (alone or inside <c>Task.WhenAll</c>) or tested with <c>IsCompleted</c> is complete,
/// so reading its result does not block.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingCallInHandlerAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: which blocking form was found (see the <c>*Kind</c> constants).</summary>
    public const string KindProperty = "Kind";

    /// <summary><c>task.Result</c>.</summary>
    public const string ResultKind = "Result";

    /// <summary><c>task.Wait(...)</c>, <c>Task.WaitAll</c>, <c>Task.WaitAny</c>.</summary>
    public const string WaitKind = "Wait";

    /// <summary><c>Thread.Sleep(...)</c>.</summary>
    public const string SleepKind = "Sleep";

    /// <summary><c>x.GetAwaiter().GetResult()</c>.</summary>
    public const string GetResultKind = "GetResult";

    private static readonly string[] CompletionChecks = { "IsCompleted", "IsCompletedSuccessfully", "IsFaulted", "IsCanceled", "Status" };

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.BlockingCallInHandler);

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
            // Resolved in the first action, not here (SidecarSymbols.MayApply says why).
            BlockingTypes? types = null;
            start.RegisterOperationAction(context =>
            {
                if (SidecarSymbols.TryCreate(context.Compilation) is { } symbols
                    && context.ContainingSymbol is IMethodSymbol method
                    && (symbols.IsCommandHandler(method) || symbols.IsProducer(method) || symbols.IsHandWrittenDispatcher(method)))
                {
                    AnalyzeBody(context, (IMethodBodyOperation)context.Operation, method, types ??= new BlockingTypes(context.Compilation));
                }
            }, OperationKind.MethodBody);
        });
    }

    private static void AnalyzeBody(OperationAnalysisContext context, IMethodBodyOperation body, IMethodSymbol method, BlockingTypes types)
    {
        var operations = OwnOperations(body).ToList();
        foreach (var operation in operations)
        {
            var (kind, display, task) = Classify(operation, types);
            if (kind is null || (task is not null && IsKnownComplete(task, operation, operations)))
            {
                continue;
            }
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.BlockingCallInHandler,
                operation.Syntax.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind),
                display,
                DisplayName(method)));
        }
    }

    /// <summary><c>ISidecarAdapter.HandleCommandAsync</c> for an explicit implementation, else the method's name.</summary>
    private static string DisplayName(IMethodSymbol method) =>
        method.ExplicitInterfaceImplementations.Length > 0 && method.ExplicitInterfaceImplementations[0] is { } implemented
            ? implemented.ContainingType.Name + "." + implemented.Name
            : method.Name;

    /// <summary>The method's operations, without the bodies of lambdas and local functions.</summary>
    private static IEnumerable<IOperation> OwnOperations(IOperation root)
    {
        var pending = new Stack<IOperation>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            yield return operation;
            foreach (var child in operation.ChildOperations)
            {
                if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                {
                    pending.Push(child);
                }
            }
        }
    }

    private static (string? Kind, string Display, IOperation? Task) Classify(IOperation operation, BlockingTypes types)
    {
        switch (operation)
        {
            case IPropertyReferenceOperation { Property.Name: "Result", Instance: { } instance } property
                when types.IsTaskWithResult(property.Property.ContainingType):
                return (ResultKind, ".Result", instance);
            case IInvocationOperation invocation:
                var method = invocation.TargetMethod;
                if (BlockingTypes.Is(method.ContainingType, types.Task))
                {
                    if (method.Name == "Wait" && invocation.Instance is { } waited)
                    {
                        return (WaitKind, ".Wait()", waited);
                    }
                    if (method.IsStatic && method.Name is "WaitAll" or "WaitAny")
                    {
                        return (WaitKind, "Task." + method.Name, null);
                    }
                }
                if (method.Name == "Sleep" && BlockingTypes.Is(method.ContainingType, types.Thread))
                {
                    return (SleepKind, "Thread.Sleep", null);
                }
                if (method.Name == "GetResult" && method.Parameters.Length == 0
                    && invocation.Instance is IInvocationOperation { TargetMethod.Name: "GetAwaiter" } getAwaiter
                    && types.IsAwaiter(method.ContainingType))
                {
                    return (GetResultKind, "GetAwaiter().GetResult()", getAwaiter.Instance);
                }
                break;
        }
        return (null, string.Empty, null);
    }

    /// <summary>The task was awaited (alone or as part of an argument) or its completion was tested earlier.</summary>
    private static bool IsKnownComplete(IOperation task, IOperation blockingOperation, List<IOperation> operations)
    {
        var root = RootSymbol(task);
        if (root is null)
        {
            return false;
        }
        var position = blockingOperation.Syntax.SpanStart;
        foreach (var operation in operations)
        {
            if (operation.Syntax.SpanStart >= position)
            {
                continue;
            }
            if (operation is IAwaitOperation awaitOperation
                && awaitOperation.Operation.DescendantsAndSelf().Any(o => SymbolEqualityComparer.Default.Equals(RootSymbol(o), root)))
            {
                return true;
            }
            if (operation is IPropertyReferenceOperation { Instance: { } checkedTask } check
                && CompletionChecks.Contains(check.Property.Name)
                && SymbolEqualityComparer.Default.Equals(RootSymbol(checkedTask), root))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The variable a task expression is read from (<c>t</c>, <c>tasks[i]</c>, <c>_pending</c>), or null.</summary>
    private static ISymbol? RootSymbol(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    continue;
                case IArrayElementReferenceOperation element:
                    operation = element.ArrayReference;
                    continue;
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured }:
                    operation = configured;
                    continue;
                case IPropertyReferenceOperation { Instance: { } owner, Property.IsIndexer: true }:
                    operation = owner;
                    continue;
                case ILocalReferenceOperation local:
                    return local.Local;
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter;
                case IFieldReferenceOperation field:
                    return field.Field;
                case IPropertyReferenceOperation property:
                    return property.Property;
                default:
                    return null;
            }
        }
    }

    private sealed class BlockingTypes
    {
        public BlockingTypes(Compilation compilation)
        {
            Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
            TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
            ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
            Thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
        }

        public INamedTypeSymbol? Task { get; }
        public INamedTypeSymbol? TaskOfT { get; }
        public INamedTypeSymbol? ValueTaskOfT { get; }
        public INamedTypeSymbol? Thread { get; }

        public bool IsTaskWithResult(INamedTypeSymbol? type) =>
            Is(type?.OriginalDefinition, TaskOfT) || Is(type?.OriginalDefinition, ValueTaskOfT);

        /// <summary>The awaiters of Task and ValueTask (plain and configured) live in System.Runtime.CompilerServices.</summary>
        public bool IsAwaiter(INamedTypeSymbol? type) =>
            type is not null
            && type.Name.EndsWith("Awaiter", System.StringComparison.Ordinal)
            && type.ToDisplayString().StartsWith("System.Runtime.CompilerServices.", System.StringComparison.Ordinal);

        public static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected) =>
            expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
    }
}
