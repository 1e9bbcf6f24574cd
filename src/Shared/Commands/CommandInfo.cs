using Microsoft.CodeAnalysis;

namespace LibreFang.Sidecar.Roslyn;

/// <summary>What the runtime says an adapter must do about a command type (its marker attribute).</summary>
internal enum CommandDemand
{
    /// <summary>No marker: every adapter handles it or lists it in IgnoredCommands.</summary>
    Required,

    /// <summary><c>[CommandCapability]</c>: sent only to adapters that declare the capability.</summary>
    CapabilityGated,

    /// <summary><c>[OptionalCommand]</c>: may stay unhandled.</summary>
    Optional,

    /// <summary><c>[RuntimeCommand]</c>: consumed by the runtime, never dispatched to adapter code.</summary>
    Runtime,
}

/// <summary>
/// One concrete command type of the referenced runtime, as plain values (no symbol), so one description can serve
/// every compilation that references the same runtime.
/// </summary>
/// <param name="FullName">Fully qualified, as generated code spells it (<c>global::LibreFang.Sidecar.SendCommand</c>).</param>
/// <param name="Capability">The capability of a <see cref="CommandDemand.CapabilityGated"/> command.</param>
internal sealed record CommandInfo(string FullName, string Name, int Arity, CommandDemand Demand, string? Capability)
{
    /// <summary>The runtime consumes it: a handler for it is never called.</summary>
    public bool RuntimeConsumed => Demand == CommandDemand.Runtime;
}

/// <summary>Finds the command a type names, in one catalogue view.</summary>
internal interface ICommandLookup
{
    /// <summary>The command type <paramref name="type"/> is; null when it is none.</summary>
    CommandInfo? Find(ITypeSymbol type);
}
