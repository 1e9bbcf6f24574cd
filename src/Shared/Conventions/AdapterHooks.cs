using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace LibreFang.Sidecar.Roslyn;

/// <summary>The optional <c>OnShutdownAsync()</c> or <c>OnShutdownAsync(CancellationToken)</c>.</summary>
internal sealed class ShutdownHook
{
    public ShutdownHook(IMethodSymbol method, HandlerReturn returns, bool takesToken)
    {
        Method = method;
        Return = returns;
        TakesToken = takesToken;
    }

    public IMethodSymbol Method { get; }

    public HandlerReturn Return { get; }

    public bool TakesToken { get; }
}

/// <summary>
/// The adapter's optional members besides handlers, by convention: the producer
/// <c>Task ProduceAsync(IEventEmitter, CancellationToken)</c>, the shutdown hook <c>OnShutdownAsync([CancellationToken])</c>
/// returning <c>ValueTask</c> or <c>Task</c>, and the ready hook <c>ReadyEvent ConfigureReady(ReadyEvent)</c>. Each is
/// an instance method, declared on the class or inherited from a base class (the most derived one wins) and callable
/// from the class. Also: which methods of a hand-written <c>ISidecarAdapter</c> are its producer and its dispatcher,
/// whether implemented implicitly or explicitly.
/// </summary>
internal static class AdapterHooks
{
    public static IMethodSymbol? FindProducer(INamedTypeSymbol type, RuntimeSymbols symbols, Compilation compilation) =>
        FindByName(type, MemberNames.Produce, m => IsProducerSignature(m, symbols), compilation);

    /// <summary>The most derived callable method named <paramref name="name"/> that <paramref name="matches"/>, base classes included.</summary>
    private static IMethodSymbol? FindByName(INamedTypeSymbol type, string name, Func<IMethodSymbol, bool> matches, Compilation compilation)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers(name))
            {
                if (member is IMethodSymbol method && matches(method) && IsCallable(method, type, compilation))
                {
                    return method;
                }
            }
        }
        return null;
    }

    public static ShutdownHook? FindShutdownHook(INamedTypeSymbol type, RuntimeSymbols symbols, Compilation compilation)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers(MemberNames.Shutdown))
            {
                if (member is IMethodSymbol method && IsCallable(method, type, compilation) && ShutdownHookOf(method, symbols) is { } hook)
                {
                    return hook;
                }
            }
        }
        return null;
    }

    /// <summary>The shutdown hook <paramref name="method"/> is, or null when its signature is not one.</summary>
    public static ShutdownHook? ShutdownHookOf(IMethodSymbol method, RuntimeSymbols symbols)
    {
        if (method is not { IsStatic: false, IsGenericMethod: false, Parameters.Length: <= 1 })
        {
            return null;
        }
        var takesToken = method.Parameters.Length == 1;
        if (takesToken && (!RuntimeSymbols.Is(method.Parameters[0].Type, symbols.CancellationToken) || method.Parameters[0].RefKind != RefKind.None))
        {
            return null;
        }
        if (RuntimeSymbols.Is(method.ReturnType, symbols.ValueTask))
        {
            return new ShutdownHook(method, HandlerReturn.ValueTask, takesToken);
        }
        return RuntimeSymbols.Is(method.ReturnType, symbols.Task) ? new ShutdownHook(method, HandlerReturn.Task, takesToken) : null;
    }

    /// <summary>Exactly <c>ReadyEvent ConfigureReady(ReadyEvent)</c>, instance, not generic.</summary>
    public static bool IsReadySignature(IMethodSymbol method, RuntimeSymbols symbols) =>
        method is { IsStatic: false, IsGenericMethod: false, Parameters.Length: 1 }
        && method.Parameters[0].RefKind == RefKind.None
        && RuntimeSymbols.Is(method.Parameters[0].Type, symbols.ReadyEvent)
        && RuntimeSymbols.Is(method.ReturnType, symbols.ReadyEvent);

    /// <summary>
    /// The method marked with <paramref name="attribute"/> on the class or its base classes (the most derived wins).
    /// A marked method whose signature does not match, or that the adapter cannot call, is LFS0014 and not the hook.
    /// </summary>
    public static IMethodSymbol? FindMarked(INamedTypeSymbol type, INamedTypeSymbol? attribute, System.Func<IMethodSymbol, bool> matches,
        string attributeName, string expected, List<AdapterProblem> problems, Location fallbackLocation, Compilation compilation)
    {
        if (attribute is null)
        {
            return null;
        }
        IMethodSymbol? found = null;
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is not IMethodSymbol method || RuntimeSymbols.FindAttribute(method, attribute) is null)
                {
                    continue;
                }
                if (matches(method) && IsCallable(method, type, compilation))
                {
                    found ??= method;
                }
                else
                {
                    problems.Add(new AdapterProblem(AdapterRule.MarkedHookSignature, SourceLocation.Of(method, fallbackLocation), method.Name, attributeName, expected));
                }
            }
        }
        return found;
    }

    public static IMethodSymbol? FindReadyHook(INamedTypeSymbol type, RuntimeSymbols symbols, Compilation compilation) =>
        FindByName(type, MemberNames.ConfigureReady, m => IsReadySignature(m, symbols), compilation);

    public static IMethodSymbol? FindValidationHook(INamedTypeSymbol type, RuntimeSymbols symbols, Compilation compilation) =>
        FindByName(type, MemberNames.ValidateConfiguration, m => IsValidationSignature(m, symbols), compilation);

    /// <summary>Exactly <c>void ValidateConfiguration(ConfigurationProblems)</c>, instance, not generic.</summary>
    public static bool IsValidationSignature(IMethodSymbol method, RuntimeSymbols symbols) =>
        method is { IsStatic: false, IsGenericMethod: false, ReturnsVoid: true, Parameters.Length: 1 }
        && method.Parameters[0].RefKind == RefKind.None
        && symbols.ConfigurationProblems is not null
        && RuntimeSymbols.Is(method.Parameters[0].Type, symbols.ConfigurationProblems);

    /// <summary>Exactly <c>Task ProduceAsync(IEventEmitter, CancellationToken)</c>, instance, not generic.</summary>
    public static bool IsProducerSignature(IMethodSymbol method, RuntimeSymbols symbols) =>
        method is { IsStatic: false, IsGenericMethod: false, Parameters.Length: 2 }
        && method.Parameters[0].RefKind == RefKind.None
        && method.Parameters[1].RefKind == RefKind.None
        && RuntimeSymbols.Is(method.Parameters[0].Type, symbols.EventEmitter)
        && RuntimeSymbols.Is(method.Parameters[1].Type, symbols.CancellationToken)
        && RuntimeSymbols.Is(method.ReturnType, symbols.Task);

    /// <summary>
    /// A producer: a method with the conventional signature (whatever class declares it: a base class's
    /// <c>ProduceAsync</c> becomes the producer of every adapter deriving from it), or the method that implements
    /// <c>ISidecarAdapter.ProduceAsync</c>, implicitly or explicitly.
    /// </summary>
    public static bool IsProducer(IMethodSymbol method, RuntimeSymbols symbols)
    {
        if (method.MethodKind == MethodKind.ExplicitInterfaceImplementation)
        {
            return ImplementsAdapterMember(method, symbols, MemberNames.Produce);
        }
        return method.Name == MemberNames.Produce
            && (IsProducerSignature(method, symbols) || ImplementsAdapterMember(method, symbols, MemberNames.Produce));
    }

    /// <summary>The method that implements <c>ISidecarAdapter.HandleCommandAsync</c>, implicitly or explicitly.</summary>
    public static bool IsDispatcher(IMethodSymbol method, RuntimeSymbols symbols) =>
        (method.MethodKind == MethodKind.ExplicitInterfaceImplementation || method.Name == MemberNames.HandleCommand)
        && ImplementsAdapterMember(method, symbols, MemberNames.HandleCommand);

    private static bool ImplementsAdapterMember(IMethodSymbol method, RuntimeSymbols symbols, string name)
    {
        if (symbols.SidecarAdapterInterface is not { } adapterInterface || method.ContainingType is not { } type)
        {
            return false;
        }
        foreach (var member in adapterInterface.GetMembers(name))
        {
            if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsCallable(IMethodSymbol method, INamedTypeSymbol type, Compilation compilation) =>
        SymbolEqualityComparer.Default.Equals(method.ContainingType, type) || compilation.IsSymbolAccessibleWithin(method, type);
}
