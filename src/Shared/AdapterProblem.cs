using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace LibreFang.Sidecar.Roslyn;

/// <summary>
/// The adapter declaration rules (LFS0001–LFS0011, LFS0020). The analyzers map each to its descriptor; the generator only asks
/// whether a problem keeps it from emitting a working adapter.
/// </summary>
internal enum AdapterRule
{
    NotPartial,
    InvalidHandler,
    DuplicateHandler,
    UnsupportedConfigType,
    FieldTypeMismatch,
    NoParameterlessConstructor,
    RequiredMemberNotBound,
    InvalidAdapterShape,
    ConfigMemberNotSettable,
    DuplicateConfigKey,
    RuntimeCommandHandler,
    ParameterNotInjectable,
}

/// <summary>One broken adapter convention: which rule, where, and the message arguments.</summary>
internal sealed class AdapterProblem
{
    public AdapterProblem(AdapterRule rule, Location location, params string[] arguments)
    {
        Rule = rule;
        Location = location;
        Arguments = arguments;
    }

    public AdapterRule Rule { get; }

    public Location Location { get; }

    public IReadOnlyList<string> Arguments { get; }

    /// <summary>
    /// Whether the generator must fall back to the stub: every rule but a handler for a runtime-consumed command
    /// (that handler is simply left out of the dispatch).
    /// </summary>
    public bool PreventsGeneration => Rule != AdapterRule.RuntimeCommandHandler;
}
