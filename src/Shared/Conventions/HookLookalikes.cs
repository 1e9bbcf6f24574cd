using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace LibreFang.Sidecar.Roslyn;

/// <summary>
/// Methods that look like an adapter hook but do not match its signature (LFS0012). The hooks are found by name and
/// signature, so a <c>ProduceAsync</c> returning <c>ValueTask</c>, one with its parameters swapped, or an
/// <c>OnShutdown</c> without the suffix would otherwise never run, and nothing would say so. A method looks like a hook
/// when its name is the hook's, in any case, with or without the <c>Async</c> suffix; it is reported only when no
/// method of the class matches that hook, so a helper overload next to a working hook stays quiet. <c>[OnCommand]</c>
/// methods are handlers (their own rules check them), whatever their name, and a method marked with a hook attribute
/// is checked by that attribute (LFS0014).
/// </summary>
internal static class HookLookalikes
{
    public const string ProducerSignature = "Task ProduceAsync(IEventEmitter events, CancellationToken cancellationToken)";
    public const string ShutdownSignature = "ValueTask OnShutdownAsync(CancellationToken cancellationToken) (or Task; the token is optional)";
    public const string ReadySignature = "ReadyEvent ConfigureReady(ReadyEvent ready)";
    public const string ValidationSignature = "void ValidateConfiguration(ConfigurationProblems problems)";

    /// <param name="found">Which hooks the class has: producer, shutdown, ready, validation.</param>
    public static void Report(INamedTypeSymbol type, RuntimeSymbols symbols, (bool Producer, bool Shutdown, bool Ready, bool Validation) found,
        List<AdapterProblem> problems, Location fallbackLocation, CancellationToken cancellationToken)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method || method.IsImplicitlyDeclared || symbols.IsCommandHandler(method) || IsMarked(method, symbols))
                {
                    continue;
                }
                var expected = ExpectedSignature(method.Name, found);
                if (expected is not null)
                {
                    problems.Add(new AdapterProblem(AdapterRule.HookSignatureMismatch, SourceLocation.Of(method, fallbackLocation),
                        method.Name, expected));
                }
            }
        }
    }

    // A marked method is checked against its attribute's signature instead (LFS0014).
    private static bool IsMarked(IMethodSymbol method, RuntimeSymbols symbols) =>
        RuntimeSymbols.FindAttribute(method, symbols.ProducerAttribute) is not null
        || RuntimeSymbols.FindAttribute(method, symbols.ShutdownHookAttribute) is not null
        || RuntimeSymbols.FindAttribute(method, symbols.ReadyHookAttribute) is not null
        || RuntimeSymbols.FindAttribute(method, symbols.ConfigurationCheckAttribute) is not null;

    private static string? ExpectedSignature(string name, (bool Producer, bool Shutdown, bool Ready, bool Validation) found)
    {
        if (!found.Producer && LooksLike(name, MemberNames.Produce))
        {
            return ProducerSignature;
        }
        if (!found.Shutdown && LooksLike(name, MemberNames.Shutdown))
        {
            return ShutdownSignature;
        }
        if (!found.Ready && LooksLike(name, MemberNames.ConfigureReady))
        {
            return ReadySignature;
        }
        if (!found.Validation && LooksLike(name, MemberNames.ValidateConfiguration))
        {
            return ValidationSignature;
        }
        return null;
    }

    private static bool LooksLike(string name, string hook) => Stem(name).Equals(Stem(hook), StringComparison.OrdinalIgnoreCase);

    private static string Stem(string name) =>
        name.EndsWith("Async", StringComparison.OrdinalIgnoreCase) ? name.Substring(0, name.Length - "Async".Length) : name;
}
