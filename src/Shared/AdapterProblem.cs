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
    HookSignatureMismatch,
    InheritedConfigMember,
    MarkedHookSignature,
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
    /// Whether the generator must fall back to the stub: every rule but the warnings (a handler for a runtime-consumed
    /// command is left out of the dispatch; a method that only looks like a hook, or a base class's [ConfigField], is
    /// not wired, and the warning says so).
    /// </summary>
    public bool PreventsGeneration => Rule is not (AdapterRule.RuntimeCommandHandler or AdapterRule.HookSignatureMismatch or AdapterRule.InheritedConfigMember);
}
