using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LibreFang.Sidecar.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LibreFang.Sidecar.Analyzers.Rules;

/// <summary>
/// LFS0401: the emitter parameter of the producer (see <see cref="LibreFang.Sidecar.Roslyn.AdapterHooks.IsProducer"/>:
/// the conventional <c>ProduceAsync</c>, or <c>ISidecarAdapter.ProduceAsync</c> implemented implicitly or explicitly)
/// stored in a field or static (<c>=</c>, <c>??=</c>, <c>Interlocked.Exchange</c>, also through <c>??</c> or
/// <c>?:</c>), or handed (directly, captured by a lambda or local function, or carried by an object created in the
/// producer) to work the producer does not wait for: a <c>Task.Run</c>/<c>StartNew</c> whose task is dropped, a
/// task-returning call whose task is dropped, a new <c>Thread</c>, <c>ThreadPool.QueueUserWorkItem</c>, a
/// <c>Timer</c>. A task that is awaited, returned, passed on (<c>Task.WhenAll</c>) or kept in a local that is used
/// again counts as observed; so does a local context object that carries the emitter into such a call. Event
/// subscriptions are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ProducerEmitterEscapeAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.EmitterEscapesProducer);

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
            WellKnownTypes? wellKnown = null;
            start.RegisterOperationAction(context =>
            {
                if (SidecarSymbols.TryCreate(context.Compilation) is { } symbols
                    && context.ContainingSymbol is IMethodSymbol method
                    && symbols.IsProducer(method)
                    && symbols.GetEmitterParameter(method) is { } emitter)
                {
                    new ProducerBody((IMethodBodyOperation)context.Operation, emitter, wellKnown ??= new WellKnownTypes(context.Compilation)).Report(context);
                }
            }, OperationKind.MethodBody);
        });
    }

    private sealed class WellKnownTypes
    {
        public WellKnownTypes(Compilation compilation)
        {
            Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
            TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
            ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
            ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
            TaskFactory = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory");
            ThreadPool = compilation.GetTypeByMetadataName("System.Threading.ThreadPool");
            Thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
            Timer = compilation.GetTypeByMetadataName("System.Threading.Timer");
        }

        public INamedTypeSymbol? Task { get; }
        public INamedTypeSymbol? TaskOfT { get; }
        public INamedTypeSymbol? ValueTask { get; }
        public INamedTypeSymbol? ValueTaskOfT { get; }
        public INamedTypeSymbol? TaskFactory { get; }
        public INamedTypeSymbol? ThreadPool { get; }
        public INamedTypeSymbol? Thread { get; }
        public INamedTypeSymbol? Timer { get; }

        public bool IsTaskLike(ITypeSymbol? type)
        {
            var definition = type?.OriginalDefinition;
            return Is(definition, Task) || Is(definition, TaskOfT) || Is(definition, ValueTask) || Is(definition, ValueTaskOfT)
                || (definition is not null && Inherits(definition, Task));
        }

        public static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected) =>
            expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);

        private static bool Inherits(ITypeSymbol type, INamedTypeSymbol? expected)
        {
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (Is(current.OriginalDefinition, expected))
                {
                    return true;
                }
            }
            return false;
        }
    }

    private sealed class ProducerBody
    {
        private readonly IMethodBodyOperation _body;
        private readonly IParameterSymbol _emitter;
        private readonly WellKnownTypes _types;
        private readonly HashSet<ILocalSymbol> _aliases = new(SymbolEqualityComparer.Default);
        private readonly HashSet<ILocalSymbol> _carriers = new(SymbolEqualityComparer.Default);
        private readonly List<IOperation> _all;

        public ProducerBody(IMethodBodyOperation body, IParameterSymbol emitter, WellKnownTypes types)
        {
            _body = body;
            _emitter = emitter;
            _types = types;
            _all = body.DescendantsAndSelf().ToList();
            CollectAliases();
        }

        public void Report(OperationAnalysisContext context)
        {
            var reportedCarriers = new HashSet<IOperation>();
            foreach (var reference in _all.Where(IsEmitterReference))
            {
                _carriers.Clear();
                if (FindEscape(reference) is not { } escape || !reportedCarriers.Add(escape.Carrier))
                {
                    continue;
                }
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.EmitterEscapesProducer, reference.Syntax.GetLocation(), _emitter.Name, escape.Reason));
            }
        }

        /// <summary>Locals that only ever hold the emitter (<c>var events = emitter;</c>) are the emitter too.</summary>
        private void CollectAliases()
        {
            bool added;
            do
            {
                added = false;
                foreach (var operation in _all)
                {
                    var (local, value) = operation switch
                    {
                        IVariableDeclaratorOperation { Initializer: { } initializer } declarator => (declarator.Symbol, initializer.Value),
                        ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment => (target.Local, assignment.Value),
                        _ => (null, null),
                    };
                    if (local is not null && value is not null && IsEmitterReference(SkipConversions(value)) && _aliases.Add(local))
                    {
                        added = true;
                    }
                }
            }
            while (added);
        }

        private bool IsEmitterReference(IOperation operation) => operation switch
        {
            IParameterReferenceOperation parameter => SymbolEqualityComparer.Default.Equals(parameter.Parameter, _emitter),
            ILocalReferenceOperation local => _aliases.Contains(local.Local),
            _ => false,
        };

        private (IOperation Carrier, string Reason)? FindEscape(IOperation reference)
        {
            // The emitter itself stored or handed over.
            if (UseOf(reference) is { } direct)
            {
                return (reference, direct);
            }

            // The emitter captured by a lambda or a local function that is stored or handed over.
            for (var ancestor = reference.Parent; ancestor is not null && ancestor != _body; ancestor = ancestor.Parent)
            {
                if (ancestor is IAnonymousFunctionOperation lambda && UseOf(lambda) is { } viaLambda)
                {
                    return (lambda, viaLambda);
                }
                if (ancestor is ILocalFunctionOperation localFunction && UseOfLocalFunction(localFunction.Symbol) is { } viaLocal)
                {
                    return (localFunction, viaLocal);
                }
            }
            return null;
        }

        private string? UseOfLocalFunction(IMethodSymbol localFunction)
        {
            foreach (var operation in _all)
            {
                var reason = operation switch
                {
                    IMethodReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Method, localFunction) => UseOf(reference),
                    IInvocationOperation call when SymbolEqualityComparer.Default.Equals(call.TargetMethod, localFunction)
                        && _types.IsTaskLike(call.Type) && !IsObserved(call) => "a fire-and-forget task",
                    _ => null,
                };
                if (reason is not null)
                {
                    return reason;
                }
            }
            return null;
        }

        /// <summary>Why a value (the emitter, or a delegate or object carrying it) outlives the producer, or null.</summary>
        private string? UseOf(IOperation value)
        {
            var current = value;
            while (current.Parent is IConversionOperation or IDelegateCreationOperation
                || current.Parent is ICoalesceOperation coalesce && (coalesce.Value == current || coalesce.WhenNull == current)
                || current.Parent is IConditionalOperation conditional && conditional.Condition != current)
            {
                current = current.Parent;
            }

            switch (current.Parent)
            {
                case ISimpleAssignmentOperation assignment when assignment.Value == current:
                    return StoredIn(assignment.Target);
                case ICoalesceAssignmentOperation assignment when assignment.Value == current:
                    return StoredIn(assignment.Target);
                case IArgumentOperation argument:
                    return argument.Parent switch
                    {
                        IInvocationOperation invocation => HandedTo(invocation, argument),
                        IObjectCreationOperation creation when WellKnownTypes.Is(creation.Type, _types.Thread) => "a new Thread",
                        IObjectCreationOperation creation when WellKnownTypes.Is(creation.Type, _types.Timer) => "a Timer",
                        IObjectCreationOperation creation => CarriedBy(creation),
                        _ => null,
                    };
                default:
                    return null;
            }
        }

        /// <summary>
        /// Where a member store sends the value: a field or property of the adapter (or a static) outlives the
        /// producer; one of an object created here goes wherever that object goes.
        /// </summary>
        private string? StoredIn(IOperation target)
        {
            var (instance, isStatic, description) = target switch
            {
                IFieldReferenceOperation field => (field.Instance, field.Field.IsStatic, "field '" + field.Field.Name + "'"),
                IPropertyReferenceOperation property => (property.Instance, property.Property.IsStatic, "property '" + property.Property.Name + "'"),
                _ => (null, false, (string?)null),
            };
            if (description is null)
            {
                return null;
            }
            if (isStatic)
            {
                return "the static " + description;
            }
            switch (SkipConversions(instance!))
            {
                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }:
                    // `new Context { Events = events }`: the created object carries it.
                    return CreatedObjectOf(target) is { } created ? CarriedBy(created) : null;
                case ILocalReferenceOperation local:
                    // `context.Events = events` on a local object: wherever that local's object goes.
                    return CarriedByLocal(local.Local);
                default:
                    return "the " + description;
            }
        }

        /// <summary>The object creation whose initializer holds <paramref name="memberTarget"/>.</summary>
        private static IOperation? CreatedObjectOf(IOperation memberTarget)
        {
            for (var current = memberTarget.Parent; current is not null; current = current.Parent)
            {
                if (current is IObjectCreationOperation or IAnonymousObjectCreationOperation or IWithOperation)
                {
                    return current;
                }
            }
            return null;
        }

        /// <summary>Why an object created in the producer that holds the emitter outlives the producer, or null.</summary>
        private string? CarriedBy(IOperation created)
        {
            var current = created;
            while (current.Parent is IConversionOperation)
            {
                current = current.Parent;
            }
            switch (current.Parent)
            {
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return CarriedByLocal(declarator.Symbol);
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assignment when assignment.Value == current:
                    return CarriedByLocal(local.Local);
                default:
                    return UseOf(created);
            }
        }

        /// <summary>Why a local holding an object that carries the emitter lets it outlive the producer, or null.</summary>
        private string? CarriedByLocal(ILocalSymbol local)
        {
            if (!_carriers.Add(local))
            {
                return null;
            }
            foreach (var operation in _all)
            {
                if (operation is ILocalReferenceOperation reference
                    && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                    && !(reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference)
                    && FindEscape(reference) is { } escape)
                {
                    return escape.Reason;
                }
            }
            return null;
        }

        private string? HandedTo(IInvocationOperation invocation, IArgumentOperation argument)
        {
            var method = invocation.TargetMethod;
            var type = method.ContainingType;
            // Interlocked.Exchange(ref _events, events) and CompareExchange store like an assignment.
            if (method.Name is "Exchange" or "CompareExchange" && type?.Name == "Interlocked"
                && invocation.Arguments.Length > 1 && invocation.Arguments[0] != argument
                && invocation.Arguments[0].Value is { } location && StoredIn(location) is { } stored)
            {
                return stored;
            }
            if (WellKnownTypes.Is(type, _types.ThreadPool) && method.Name.EndsWith("QueueUserWorkItem", System.StringComparison.Ordinal))
            {
                return "ThreadPool." + method.Name;
            }
            if ((WellKnownTypes.Is(type, _types.Task) && method.Name == "Run")
                || (type?.OriginalDefinition is { Name: "TaskFactory" } factory
                    && SymbolEqualityComparer.Default.Equals(factory.ContainingNamespace, _types.TaskFactory?.ContainingNamespace)
                    && method.Name == "StartNew"))
            {
                return IsObserved(invocation) ? null : "an unobserved Task." + method.Name;
            }
            return _types.IsTaskLike(invocation.Type) && !IsObserved(invocation) ? "a fire-and-forget task" : null;
        }

        /// <summary>Whether the task an invocation returns is awaited, returned, passed on or kept and used.</summary>
        private bool IsObserved(IOperation task)
        {
            var current = task;
            while (true)
            {
                if (current.Parent is IConversionOperation)
                {
                    current = current.Parent;
                }
                else if (current.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == current)
                {
                    current = configure;
                }
                else
                {
                    break;
                }
            }

            switch (current.Parent)
            {
                case IExpressionStatementOperation:
                    return false;
                case ISimpleAssignmentOperation assignment when assignment.Value == current:
                    return assignment.Target switch
                    {
                        IDiscardOperation => false,
                        ILocalReferenceOperation local => IsReadAgain(local.Local),
                        IFieldReferenceOperation or IPropertyReferenceOperation => false,
                        _ => true,
                    };
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return IsReadAgain(declarator.Symbol);
                default:
                    // Awaited, returned, an argument (Task.WhenAll), a collection element...: assume someone waits.
                    return true;
            }
        }

        private bool IsReadAgain(ILocalSymbol local) =>
            _all.Any(operation => operation is ILocalReferenceOperation reference
                && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                && !(reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference));

        private static IOperation SkipConversions(IOperation operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }
            return operation;
        }
    }
}
