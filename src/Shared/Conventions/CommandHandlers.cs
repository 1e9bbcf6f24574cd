using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace LibreFang.Sidecar.Roslyn;

/// <summary>A handler the generated dispatch calls.</summary>
internal sealed class DispatchedHandler
{
    public DispatchedHandler(IMethodSymbol method, HandlerSignature signature)
    {
        Method = method;
        Signature = signature;
    }

    public IMethodSymbol Method { get; }

    public HandlerSignature Signature { get; }
}

/// <summary>
/// Decides which <c>[OnCommand]</c> methods are dispatched: valid signature, reachable from the adapter, not for a
/// command the runtime consumes, and the first one for its command. This one list is what the generator dispatches
/// and what the analyzers count as handled.
/// </summary>
internal static class CommandHandlers
{
    public static List<DispatchedHandler> Collect(
        INamedTypeSymbol type, AdapterMembers members, RuntimeSymbols symbols, ICommandLookup commands, Compilation compilation,
        Location fallbackLocation, List<AdapterProblem>? problems, CancellationToken cancellationToken)
    {
        var handlers = new List<DispatchedHandler>();
        foreach (var method in members.Handlers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var location = SourceLocation.Of(method, fallbackLocation);
            if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, type) && !compilation.IsSymbolAccessibleWithin(method, type))
            {
                problems?.Add(new AdapterProblem(AdapterRule.InvalidHandler, location, method.Name,
                    $"is not accessible from '{type.Name}' (declared {method.DeclaredAccessibility.ToString().ToLowerInvariant()} in '{method.ContainingType.Name}'), so the generated dispatch cannot call it"));
                continue;
            }
            var signature = HandlerConventions.Read(method, symbols, commands, out var problem);
            if (signature is null)
            {
                problems?.Add(new AdapterProblem(AdapterRule.InvalidHandler, location, method.Name, problem!));
                continue;
            }
            if (signature.Command is { RuntimeConsumed: true } consumed)
            {
                problems?.Add(new AdapterProblem(AdapterRule.RuntimeCommandHandler, location, consumed.Name));
                continue;
            }
            var existing = handlers.Find(h => h.Signature.CommandFullName == signature.CommandFullName);
            if (existing is not null)
            {
                problems?.Add(new AdapterProblem(AdapterRule.DuplicateHandler, location,
                    TypeNames.ForMessage(signature.CommandFullName), existing.Method.Name));
                continue;
            }
            handlers.Add(new DispatchedHandler(method, signature));
        }
        return handlers;
    }
}
