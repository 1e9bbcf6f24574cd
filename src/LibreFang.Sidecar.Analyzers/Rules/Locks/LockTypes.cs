using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LibreFang.Sidecar.Analyzers.Rules.Locks;

/// <summary>How an invocation touches a lock.</summary>
internal enum LockEffect
{
    None,
    Acquire,
    Release,
}

/// <summary>The lock operation an invocation performs, if any.</summary>
internal readonly struct LockCall
{
    public LockCall(LockEffect effect, IOperation? lockOperand, string mode, bool threadAffine, string kindName, bool returnsSuccess, IOperation? takenFlag)
    {
        Effect = effect;
        LockOperand = lockOperand;
        Mode = mode;
        ThreadAffine = threadAffine;
        KindName = kindName;
        ReturnsSuccess = returnsSuccess;
        TakenFlag = takenFlag;
    }

    public LockEffect Effect { get; }

    /// <summary>The expression that names the lock (the receiver, or Monitor's first argument).</summary>
    public IOperation? LockOperand { get; }

    /// <summary>Distinguishes the modes of one lock object (reader/writer) so a release matches its own acquire.</summary>
    public string Mode { get; }

    public bool ThreadAffine { get; }

    public string KindName { get; }

    /// <summary>The acquire returns whether it succeeded (a timeout overload, TryEnter...).</summary>
    public bool ReturnsSuccess { get; }

    /// <summary>The <c>ref bool lockTaken</c> argument of Monitor/SpinLock acquires.</summary>
    public IOperation? TakenFlag { get; }
}

/// <summary>The BCL lock types, resolved per compilation.</summary>
internal sealed class LockTypes
{
    private readonly INamedTypeSymbol? _semaphoreSlim;
    private readonly INamedTypeSymbol? _monitor;
    private readonly INamedTypeSymbol? _mutex;
    private readonly INamedTypeSymbol? _readerWriterLockSlim;
    private readonly INamedTypeSymbol? _spinLock;
    private readonly INamedTypeSymbol? _lock;
    private readonly INamedTypeSymbol? _eventEmitter;

    private LockTypes(Compilation compilation)
    {
        _semaphoreSlim = compilation.GetTypeByMetadataName("System.Threading.SemaphoreSlim");
        _monitor = compilation.GetTypeByMetadataName("System.Threading.Monitor");
        _mutex = compilation.GetTypeByMetadataName("System.Threading.Mutex");
        _readerWriterLockSlim = compilation.GetTypeByMetadataName("System.Threading.ReaderWriterLockSlim");
        _spinLock = compilation.GetTypeByMetadataName("System.Threading.SpinLock");
        _lock = compilation.GetTypeByMetadataName("System.Threading.Lock");
        _eventEmitter = compilation.GetTypeByMetadataName(LibreFang.Sidecar.Roslyn.MetadataNames.EventEmitter);
    }

    /// <summary>
    /// A call to the sidecar's event emitter (declared on <c>IEventEmitter</c>, or on a type implementing it): its
    /// <c>EmitAsync</c> waits while the event queue is full, that is, for the daemon to read stdout.
    /// </summary>
    public bool IsEmitterCall(IInvocationOperation invocation)
    {
        if (_eventEmitter is null)
        {
            return false;
        }
        var type = invocation.TargetMethod.ContainingType;
        if (Is(type, _eventEmitter))
        {
            return true;
        }
        foreach (var implemented in type.AllInterfaces)
        {
            if (Is(implemented, _eventEmitter))
            {
                return true;
            }
        }
        return false;
    }

    public static LockTypes? Create(Compilation compilation)
    {
        var types = new LockTypes(compilation);
        return types._semaphoreSlim is null && types._monitor is null ? null : types;
    }

    public LockCall Classify(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        var returnsBool = method.ReturnType.SpecialType == SpecialType.System_Boolean;

        if (Is(type, _semaphoreSlim))
        {
            return method.Name switch
            {
                "Wait" => Acquire(invocation.Instance, "semaphore", false, "SemaphoreSlim", returnsBool, null),
                "WaitAsync" => Acquire(invocation.Instance, "semaphore", false, "SemaphoreSlim",
                    method.ReturnType is INamedTypeSymbol { IsGenericType: true } task
                        && task.TypeArguments[0].SpecialType == SpecialType.System_Boolean,
                    null),
                "Release" => Release(invocation.Instance, "semaphore"),
                _ => default,
            };
        }
        if (Is(type, _monitor) && method.IsStatic && invocation.Arguments.Length > 0)
        {
            var target = ArgumentFor(invocation, 0);
            return method.Name switch
            {
                "Enter" or "TryEnter" => Acquire(target, "monitor", true, "Monitor", returnsBool, RefFlag(invocation)),
                "Exit" => Release(target, "monitor"),
                _ => default,
            };
        }
        if (method.Name is "WaitOne" or "ReleaseMutex" && invocation.Instance?.Type is { } instanceType && Inherits(instanceType, _mutex))
        {
            return method.Name == "WaitOne"
                ? Acquire(invocation.Instance, "mutex", true, "Mutex", method.Parameters.Length > 0, null)
                : Release(invocation.Instance, "mutex");
        }
        if (Is(type, _readerWriterLockSlim))
        {
            return method.Name switch
            {
                "EnterReadLock" or "TryEnterReadLock" => Acquire(invocation.Instance, "read", true, "ReaderWriterLockSlim", returnsBool, null),
                "EnterWriteLock" or "TryEnterWriteLock" => Acquire(invocation.Instance, "write", true, "ReaderWriterLockSlim", returnsBool, null),
                "EnterUpgradeableReadLock" or "TryEnterUpgradeableReadLock" =>
                    Acquire(invocation.Instance, "upgradeable", true, "ReaderWriterLockSlim", returnsBool, null),
                "ExitReadLock" => Release(invocation.Instance, "read"),
                "ExitWriteLock" => Release(invocation.Instance, "write"),
                "ExitUpgradeableReadLock" => Release(invocation.Instance, "upgradeable"),
                _ => default,
            };
        }
        if (Is(type, _spinLock))
        {
            return method.Name switch
            {
                "Enter" or "TryEnter" => Acquire(invocation.Instance, "spin", true, "SpinLock", false, RefFlag(invocation)),
                "Exit" => Release(invocation.Instance, "spin"),
                _ => default,
            };
        }
        if (Is(type, _lock))
        {
            return method.Name switch
            {
                "Enter" or "TryEnter" => Acquire(invocation.Instance, "lock", true, "Lock", returnsBool, null),
                "Exit" => Release(invocation.Instance, "lock"),
                _ => default,
            };
        }
        return default;
    }

    private static LockCall Acquire(IOperation? operand, string mode, bool threadAffine, string kind, bool returnsSuccess, IOperation? flag) =>
        new(LockEffect.Acquire, operand, mode, threadAffine, kind, returnsSuccess, flag);

    private static LockCall Release(IOperation? operand, string mode) =>
        new(LockEffect.Release, operand, mode, threadAffine: false, kindName: string.Empty, returnsSuccess: false, takenFlag: null);

    private static IOperation? ArgumentFor(IInvocationOperation invocation, int ordinal)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
            {
                return argument.Value;
            }
        }
        return null;
    }

    private static IOperation? RefFlag(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { RefKind: RefKind.Ref, Type.SpecialType: SpecialType.System_Boolean })
            {
                return argument.Value;
            }
        }
        return null;
    }

    private static bool Is(INamedTypeSymbol? type, INamedTypeSymbol? expected) =>
        expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);

    private static bool Inherits(ITypeSymbol type, INamedTypeSymbol? expected)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (Is(current as INamedTypeSymbol, expected))
            {
                return true;
            }
        }
        return false;
    }
}
