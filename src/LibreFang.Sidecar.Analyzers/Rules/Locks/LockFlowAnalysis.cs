using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LibreFang.Sidecar.Analyzers.Rules.Locks;

/// <summary>One acquisition of a lock that may still be held.</summary>
internal sealed class HeldLock
{
    public HeldLock(string key, string mode, string display, string kindName, bool threadAffine, IOperation acquire, ILocalSymbol? takenFlag)
    {
        Key = key;
        Mode = mode;
        Display = display;
        KindName = kindName;
        ThreadAffine = threadAffine;
        Acquire = acquire;
        TakenFlag = takenFlag;
    }

    public string Key { get; }

    public string Mode { get; }

    public string Display { get; }

    public string KindName { get; }

    public bool ThreadAffine { get; }

    /// <summary>The acquiring invocation; one fact per acquisition site.</summary>
    public IOperation Acquire { get; }

    /// <summary>A local that is true exactly when the acquire succeeded (<c>ref lockTaken</c>, <c>var ok = sem.Wait(0)</c>).</summary>
    public ILocalSymbol? TakenFlag { get; }

    public override bool Equals(object? obj) =>
        obj is HeldLock other && ReferenceEquals(Acquire, other.Acquire) && SymbolEqualityComparer.Default.Equals(TakenFlag, other.TakenFlag);

    public override int GetHashCode() => Acquire.GetHashCode();
}

/// <summary>A lock still held at an await.</summary>
internal readonly struct LockFinding
{
    public LockFinding(HeldLock heldLock, SyntaxNode awaitSyntax)
    {
        Lock = heldLock;
        Await = awaitSyntax;
    }

    public HeldLock Lock { get; }

    public SyntaxNode Await { get; }
}

/// <summary>
/// A forward "may be held" data flow over one control flow graph: the state is the set of acquisitions that are
/// held on at least one path. Acquires add, releases of the same lock (same receiver path, same mode) remove.
/// Success-returning acquires used as a branch condition, or stored into a local that a branch tests, only count on
/// the branch where they succeeded. Finally regions run on every edge that leaves their try; a catch starts with
/// everything its try may have held. The first await that a held acquisition reaches and that counts for its kind of
/// lock (see <see cref="Counts"/>) is the finding.
/// </summary>
internal sealed class LockFlowAnalysis
{
    private readonly ControlFlowGraph _graph;
    private readonly LockTypes _lockTypes;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<CaptureId, IOperation> _captures = new();
    private readonly ImmutableHashSet<HeldLock>?[] _in;
    private readonly ImmutableHashSet<HeldLock>?[] _out;
    private readonly ImmutableHashSet<HeldLock>?[] _beforeThrow;
    private readonly Dictionary<IOperation, LockFinding> _findings = new();
    private bool _reporting;

    public LockFlowAnalysis(ControlFlowGraph graph, LockTypes lockTypes, CancellationToken cancellationToken)
    {
        _graph = graph;
        _lockTypes = lockTypes;
        _cancellationToken = cancellationToken;
        _in = new ImmutableHashSet<HeldLock>?[graph.Blocks.Length];
        _out = new ImmutableHashSet<HeldLock>?[graph.Blocks.Length];
        _beforeThrow = new ImmutableHashSet<HeldLock>?[graph.Blocks.Length];
    }

    public IEnumerable<LockFinding> Run()
    {
        if (!CollectCapturesAndFindLocks())
        {
            return System.Array.Empty<LockFinding>();
        }

        _in[0] = ImmutableHashSet<HeldLock>.Empty;
        bool changed;
        do
        {
            _cancellationToken.ThrowIfCancellationRequested();
            changed = false;
            foreach (var block in _graph.Blocks)
            {
                if (InnermostFinally(block) is not null)
                {
                    continue;
                }
                changed |= SeedHandlerEntry(block);
                if (_in[block.Ordinal] is not { } input)
                {
                    continue;
                }
                var output = Transfer(block, input, out var beforeThrow);
                _out[block.Ordinal] = output;
                _beforeThrow[block.Ordinal] = beforeThrow;
                changed |= PropagateSuccessors(block, output, (destination, state) => Merge(_in, destination.Ordinal, state));
            }
        }
        while (changed);

        _reporting = true;
        foreach (var block in _graph.Blocks)
        {
            if (InnermostFinally(block) is null && _in[block.Ordinal] is { } input)
            {
                var output = Transfer(block, input);
                PropagateSuccessors(block, output, (_, _) => false);
            }
        }

        var findings = new List<LockFinding>(_findings.Values);
        findings.Sort((a, b) => a.Lock.Acquire.Syntax.SpanStart.CompareTo(b.Lock.Acquire.Syntax.SpanStart));
        return findings;
    }

    /// <summary>Records flow captures (receivers the graph spilled) and says whether any lock call exists at all.</summary>
    private bool CollectCapturesAndFindLocks()
    {
        var anyLock = false;
        foreach (var block in _graph.Blocks)
        {
            foreach (var root in Roots(block))
            {
                foreach (var operation in root.DescendantsAndSelf())
                {
                    if (operation is IFlowCaptureOperation capture)
                    {
                        _captures[capture.Id] = capture.Value;
                    }
                    else if (operation is IInvocationOperation invocation && !invocation.IsImplicit
                        && _lockTypes.Classify(invocation).Effect != LockEffect.None)
                    {
                        anyLock = true;
                    }
                }
            }
        }
        return anyLock;
    }

    private static IEnumerable<IOperation> Roots(BasicBlock block)
    {
        foreach (var operation in block.Operations)
        {
            yield return operation;
        }
        if (block.BranchValue is not null)
        {
            yield return block.BranchValue;
        }
    }

    /// <summary>
    /// A catch or filter may start at any operation inside its try: it sees the state before each of them, after the
    /// finally regions nested in the try between that operation and the handler have run.
    /// </summary>
    private bool SeedHandlerEntry(BasicBlock block)
    {
        var changed = false;
        for (var region = block.EnclosingRegion; region is not null && region.FirstBlockOrdinal == block.Ordinal; region = region.EnclosingRegion)
        {
            if (region.Kind is not (ControlFlowRegionKind.Catch or ControlFlowRegionKind.Filter or ControlFlowRegionKind.FilterAndHandler)
                || region.EnclosingRegion is not { Kind: ControlFlowRegionKind.TryAndCatch } tryAndCatch)
            {
                continue;
            }
            var tryRegion = tryAndCatch.NestedRegions[0];
            for (var ordinal = tryRegion.FirstBlockOrdinal; ordinal <= tryRegion.LastBlockOrdinal; ordinal++)
            {
                var tryBlock = _graph.Blocks[ordinal];
                if (_beforeThrow[ordinal] is not { } state || InnermostFinally(tryBlock) is { } inFinally && inFinally.FirstBlockOrdinal >= tryRegion.FirstBlockOrdinal)
                {
                    continue;
                }
                for (var enclosing = tryBlock.EnclosingRegion; enclosing is not null && enclosing != tryRegion; enclosing = enclosing.EnclosingRegion)
                {
                    if (enclosing.Kind == ControlFlowRegionKind.Try
                        && enclosing.EnclosingRegion is { Kind: ControlFlowRegionKind.TryAndFinally } tryAndFinally)
                    {
                        state = RunFinally(tryAndFinally.NestedRegions[1], state);
                    }
                }
                changed |= Merge(_in, block.Ordinal, state);
            }
        }
        return changed;
    }

    private static bool Merge(ImmutableHashSet<HeldLock>?[] states, int ordinal, ImmutableHashSet<HeldLock> incoming)
    {
        var current = states[ordinal];
        if (current is null)
        {
            states[ordinal] = incoming;
            return true;
        }
        var merged = current.Union(incoming);
        if (merged.Count == current.Count)
        {
            return false;
        }
        states[ordinal] = merged;
        return true;
    }

    private bool PropagateSuccessors(
        BasicBlock block, ImmutableHashSet<HeldLock> output, System.Func<BasicBlock, ImmutableHashSet<HeldLock>, bool> deliver)
    {
        var changed = false;
        if (block.ConditionKind == ControlFlowConditionKind.None)
        {
            if (block.FallThroughSuccessor is { } next)
            {
                changed |= Follow(next, output, deliver);
            }
            return changed;
        }

        var conditionalIsTrue = block.ConditionKind == ControlFlowConditionKind.WhenTrue;
        if (block.ConditionalSuccessor is { } conditional)
        {
            changed |= Follow(conditional, ApplyCondition(block.BranchValue!, output, conditionalIsTrue), deliver);
        }
        if (block.FallThroughSuccessor is { } fallThrough)
        {
            changed |= Follow(fallThrough, ApplyCondition(block.BranchValue!, output, !conditionalIsTrue), deliver);
        }
        return changed;
    }

    private bool Follow(ControlFlowBranch branch, ImmutableHashSet<HeldLock> state, System.Func<BasicBlock, ImmutableHashSet<HeldLock>, bool> deliver)
    {
        foreach (var finallyRegion in branch.FinallyRegions)
        {
            state = RunFinally(finallyRegion, state);
        }
        return branch.Destination is { } destination && deliver(destination, state);
    }

    /// <summary>Runs a finally region from a given entry state and returns the state at its end.</summary>
    private ImmutableHashSet<HeldLock> RunFinally(ControlFlowRegion region, ImmutableHashSet<HeldLock> entry)
    {
        var states = new ImmutableHashSet<HeldLock>?[_graph.Blocks.Length];
        states[region.FirstBlockOrdinal] = entry;
        ImmutableHashSet<HeldLock>? exit = null;
        var reporting = _reporting;
        bool changed;
        do
        {
            _cancellationToken.ThrowIfCancellationRequested();
            changed = false;
            for (var ordinal = region.FirstBlockOrdinal; ordinal <= region.LastBlockOrdinal; ordinal++)
            {
                var block = _graph.Blocks[ordinal];
                if (!ReferenceEquals(InnermostFinally(block), region) || states[ordinal] is not { } input)
                {
                    continue;
                }
                // Findings are only collected once the states are final.
                _reporting = false;
                var output = Transfer(block, input);
                changed |= PropagateSuccessors(block, output, (destination, state) =>
                    destination.Ordinal >= region.FirstBlockOrdinal && destination.Ordinal <= region.LastBlockOrdinal
                    && Merge(states, destination.Ordinal, state));
                if (block.FallThroughSuccessor is { Destination: null, Semantics: ControlFlowBranchSemantics.StructuredExceptionHandling })
                {
                    exit = exit is null ? output : exit.Union(output);
                }
            }
        }
        while (changed);

        _reporting = reporting;
        if (reporting)
        {
            for (var ordinal = region.FirstBlockOrdinal; ordinal <= region.LastBlockOrdinal; ordinal++)
            {
                var block = _graph.Blocks[ordinal];
                if (ReferenceEquals(InnermostFinally(block), region) && states[ordinal] is { } input)
                {
                    PropagateSuccessors(block, Transfer(block, input), (_, _) => false);
                }
            }
        }
        return exit ?? entry;
    }

    private static ControlFlowRegion? InnermostFinally(BasicBlock block)
    {
        for (var region = block.EnclosingRegion; region is not null; region = region.EnclosingRegion)
        {
            if (region.Kind == ControlFlowRegionKind.Finally)
            {
                return region;
            }
        }
        return null;
    }

    private ImmutableHashSet<HeldLock> Transfer(BasicBlock block, ImmutableHashSet<HeldLock> state) =>
        Transfer(block, state, out _);

    /// <param name="beforeThrow">The union of the states before each operation (where an exception may leave the block).</param>
    private ImmutableHashSet<HeldLock> Transfer(BasicBlock block, ImmutableHashSet<HeldLock> state, out ImmutableHashSet<HeldLock> beforeThrow)
    {
        beforeThrow = state;
        foreach (var operation in block.Operations)
        {
            beforeThrow = beforeThrow.Union(state);
            state = Walk(operation, state, deferred: null);
        }
        if (block.BranchValue is { } branchValue)
        {
            beforeThrow = beforeThrow.Union(state);
            var deferred = block.ConditionKind == ControlFlowConditionKind.None ? null : ConditionalAcquire(branchValue, out _);
            state = Walk(branchValue, state, deferred);
        }
        return state;
    }

    /// <summary>
    /// Whether an await with <paramref name="heldLock"/> held is a finding. A thread-affine lock: every await (the
    /// continuation may run on another thread, where the release fails). A semaphore: only the awaits that can wait
    /// for the holder itself or for the daemon, so the wait never ends or ends only when stdout drains: an emitter
    /// call (<c>EmitAsync</c> waits on backpressure while every other writer queues on the semaphore) and a second
    /// acquire of the same semaphore. Awaiting network I/O under an async mutex is how .NET serialises writes on one
    /// connection: a design choice, not a defect.
    /// </summary>
    private bool Counts(HeldLock heldLock, IOperation awaited)
    {
        if (heldLock.ThreadAffine)
        {
            return true;
        }
        if (awaited is not IInvocationOperation invocation)
        {
            return false;
        }
        if (_lockTypes.IsEmitterCall(invocation))
        {
            return true;
        }
        var call = _lockTypes.Classify(invocation);
        return call.Effect == LockEffect.Acquire && call.Mode == heldLock.Mode && KeyOf(call.LockOperand) == heldLock.Key;
    }

    /// <summary>Post-order walk: operands are evaluated before the operation that uses them.</summary>
    private ImmutableHashSet<HeldLock> Walk(IOperation operation, ImmutableHashSet<HeldLock> state, IInvocationOperation? deferred)
    {
        foreach (var child in operation.ChildOperations)
        {
            state = Walk(child, state, deferred);
        }

        switch (operation)
        {
            case IInvocationOperation invocation when !invocation.IsImplicit && !ReferenceEquals(invocation, deferred):
                var call = _lockTypes.Classify(invocation);
                if (call.Effect == LockEffect.Acquire && CreateHeldLock(invocation, call, TakenFlagOf(invocation, call)) is { } held)
                {
                    state = state.Add(held);
                }
                else if (call.Effect == LockEffect.Release && KeyOf(call.LockOperand) is { } releasedKey)
                {
                    state = RemoveWhere(state, h => h.Key == releasedKey && h.Mode == call.Mode);
                }
                break;
            case IAwaitOperation awaitOperation when state.Count > 0 && _reporting:
                var awaited = Unwrap(awaitOperation.Operation);
                foreach (var heldAtAwait in state)
                {
                    if (!ReferenceEquals(heldAtAwait.Acquire, awaited) && !_findings.ContainsKey(heldAtAwait.Acquire) && Counts(heldAtAwait, awaited))
                    {
                        _findings[heldAtAwait.Acquire] = new LockFinding(heldAtAwait, awaitOperation.Syntax);
                    }
                }
                break;
        }
        return state;
    }

    private static ImmutableHashSet<HeldLock> RemoveWhere(ImmutableHashSet<HeldLock> state, System.Func<HeldLock, bool> predicate)
    {
        foreach (var held in state)
        {
            if (predicate(held))
            {
                state = state.Remove(held);
            }
        }
        return state;
    }

    private HeldLock? CreateHeldLock(IInvocationOperation invocation, LockCall call, ILocalSymbol? takenFlag)
    {
        var key = KeyOf(call.LockOperand);
        if (key is null)
        {
            return null;
        }
        var display = Resolve(call.LockOperand!).Syntax.ToString();
        return new HeldLock(key, call.Mode, display, call.KindName, call.ThreadAffine, invocation, takenFlag);
    }

    /// <summary>The local that records whether this acquire succeeded, if the code keeps one.</summary>
    private ILocalSymbol? TakenFlagOf(IInvocationOperation invocation, LockCall call)
    {
        if (call.TakenFlag is not null)
        {
            return (Resolve(call.TakenFlag) as ILocalReferenceOperation)?.Local;
        }
        if (!call.ReturnsSuccess)
        {
            return null;
        }
        IOperation current = invocation;
        while (current.Parent is IAwaitOperation or IConversionOperation)
        {
            current = current.Parent;
        }
        return current.Parent is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
            && ReferenceEquals(assignment.Value, current)
            ? target.Local
            : null;
    }

    /// <summary>
    /// For a branch on a success-returning acquire (<c>if (sem.Wait(0))</c>, <c>if (!await sem.WaitAsync(t))</c>):
    /// the acquire, and whether the branch value is its negation.
    /// </summary>
    private IInvocationOperation? ConditionalAcquire(IOperation branchValue, out bool negated)
    {
        var root = UnwrapCondition(branchValue, out negated);
        return root is IInvocationOperation invocation && !invocation.IsImplicit
            && _lockTypes.Classify(invocation) is { Effect: LockEffect.Acquire, ReturnsSuccess: true, TakenFlag: null }
            ? invocation
            : null;
    }

    private ImmutableHashSet<HeldLock> ApplyCondition(IOperation branchValue, ImmutableHashSet<HeldLock> state, bool branchValueIs)
    {
        if (ConditionalAcquire(branchValue, out var negated) is { } acquire)
        {
            if (branchValueIs != negated)
            {
                var call = _lockTypes.Classify(acquire);
                if (CreateHeldLock(acquire, call, null) is { } held)
                {
                    state = state.Add(held);
                }
            }
            return state;
        }

        if (UnwrapCondition(branchValue, out negated) is ILocalReferenceOperation flag && branchValueIs == negated)
        {
            // On this edge the flag is false: whatever it records was not acquired.
            state = RemoveWhere(state, h => SymbolEqualityComparer.Default.Equals(h.TakenFlag, flag.Local));
        }
        return state;
    }

    private IOperation UnwrapCondition(IOperation operation, out bool negated)
    {
        negated = false;
        while (true)
        {
            operation = Resolve(operation);
            switch (operation)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    negated = !negated;
                    operation = not.Operand;
                    continue;
                case IAwaitOperation awaitOperation:
                    operation = awaitOperation.Operation;
                    continue;
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    continue;
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } instance }:
                    operation = instance;
                    continue;
                default:
                    return operation;
            }
        }
    }

    private IOperation Unwrap(IOperation operation)
    {
        while (true)
        {
            operation = Resolve(operation);
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    continue;
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } instance }:
                    operation = instance;
                    continue;
                default:
                    return operation;
            }
        }
    }

    private IOperation Resolve(IOperation operation)
    {
        for (var depth = 0; depth < 8 && operation is IFlowCaptureReferenceOperation reference; depth++)
        {
            if (!_captures.TryGetValue(reference.Id, out var captured))
            {
                break;
            }
            operation = captured;
        }
        return operation;
    }

    /// <summary>A stable name for the lock expression (<c>this._gate</c>, a local, a parameter...), or null.</summary>
    private string? KeyOf(IOperation? operation)
    {
        if (operation is null)
        {
            return null;
        }
        operation = Resolve(operation);
        switch (operation)
        {
            case IConversionOperation conversion:
                return KeyOf(conversion.Operand);
            case IInstanceReferenceOperation:
                return "this";
            case ILocalReferenceOperation local:
                return "local:" + local.Local.Name + "@" + (local.Local.Locations.Length > 0 ? local.Local.Locations[0].SourceSpan.Start : -1);
            case IParameterReferenceOperation parameter:
                return "parameter:" + parameter.Parameter.Name;
            case IFieldReferenceOperation field:
                return Member(field.Instance, "field:" + field.Field.OriginalDefinition.ToDisplayString());
            case IPropertyReferenceOperation { Arguments.Length: 0 } property:
                return Member(property.Instance, "property:" + property.Property.OriginalDefinition.ToDisplayString());
            default:
                return null;
        }

        string? Member(IOperation? instance, string member)
        {
            if (instance is null)
            {
                return member;
            }
            var owner = KeyOf(instance);
            return owner is null ? null : owner + "/" + member;
        }
    }
}
