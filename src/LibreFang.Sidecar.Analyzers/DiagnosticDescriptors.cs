using System.Collections.Immutable;
using LibreFang.Sidecar.Roslyn;
using Microsoft.CodeAnalysis;

namespace LibreFang.Sidecar.Analyzers;

/// <summary>
/// Every diagnostic the analyzers report. Ids are stable and grouped by range (see docs/diagnostics/README.md);
/// each id has a page under docs/diagnostics that the help link points to.
/// </summary>
public static class DiagnosticDescriptors
{
    /// <summary>
    /// Base address of the per-id documentation pages: the repository address (RepositoryUrl in
    /// Directory.Build.props, compiled in as <see cref="RepositoryInfo.Url"/>) and the docs folder.
    /// </summary>
    public const string HelpLinkBase = RepositoryInfo.Url + "/blob/main/docs/diagnostics/";

    private const string DeclarationCategory = "LibreFang.Sidecar.Declaration";
    private const string ProtocolCategory = "LibreFang.Sidecar.Protocol";
    private const string CommandsCategory = "LibreFang.Sidecar.Commands";
    private const string ConcurrencyCategory = "LibreFang.Sidecar.Concurrency";
    private const string CapabilitiesCategory = "LibreFang.Sidecar.Capabilities";

    /// <summary>LFS0001: the adapter class, or a type it is nested in, is not partial.</summary>
    public static readonly DiagnosticDescriptor NotPartial = Create(
        "LFS0001", "Adapter class must be partial",
        "'{0}' must be declared partial (and so must every type it is nested in) so the generator can complete it",
        DeclarationCategory, DiagnosticSeverity.Error,
        "The generator completes the adapter with a second partial declaration; without 'partial' nothing is generated and RunAsync does not exist.");

    /// <summary>LFS0002: an [OnCommand] method the generated dispatch cannot call.</summary>
    public static readonly DiagnosticDescriptor InvalidHandler = Create(
        "LFS0002", "Command handler has an invalid signature",
        "[OnCommand] method '{0}' {1}; expected (TCommand command[, IEventEmitter events][, CancellationToken cancellationToken]) returning ValueTask, Task or void",
        DeclarationCategory, DiagnosticSeverity.Error,
        "A handler is an instance method, callable from the adapter class, whose first parameter is a command type, optionally followed by the emitter and the cancellation token, returning ValueTask, Task or void.");

    /// <summary>LFS0003: two handlers for one command type.</summary>
    public static readonly DiagnosticDescriptor DuplicateHandler = Create(
        "LFS0003", "Two handlers for one command",
        "'{0}' is already handled by '{1}'; each command type has at most one [OnCommand] method",
        DeclarationCategory, DiagnosticSeverity.Error,
        "The dispatch calls exactly one method per command type; handlers inherited from base classes count.");

    /// <summary>LFS0004: a [ConfigField] member of a type the binder cannot convert to.</summary>
    public static readonly DiagnosticDescriptor UnsupportedConfigType = Create(
        "LFS0004", "Configuration member type is not supported",
        "[ConfigField] member '{0}' has type '{1}'; supported: string, bool, int, long, double, decimal (nullable or not), string[], IReadOnlyList<string>, List<string>, EquatableList<string>",
        DeclarationCategory, DiagnosticSeverity.Error,
        "Configuration comes from environment variables; the generated binder converts to the listed types only.");

    /// <summary>LFS0005: the schema field type does not fit the member.</summary>
    public static readonly DiagnosticDescriptor FieldTypeMismatch = Create(
        "LFS0005", "Field type does not fit the member",
        "[ConfigField] '{0}': {1}",
        DeclarationCategory, DiagnosticSeverity.Error,
        "The field type shown by --describe must match what the member can hold, and Options belong to Select fields only.");

    /// <summary>LFS0006: no parameterless constructor for the generated factory to chain to.</summary>
    public static readonly DiagnosticDescriptor NoParameterlessConstructor = Create(
        "LFS0006", "Adapter needs a parameterless constructor or a single service constructor",
        "'{0}' declares several constructors, none without parameters; the generated factory cannot tell which one to call",
        DeclarationCategory, DiagnosticSeverity.Error,
        "The generated factory chains to a parameterless constructor, or to the adapter's only constructor when that one takes services.");

    /// <summary>LFS0007: a required member the factory cannot set.</summary>
    public static readonly DiagnosticDescriptor RequiredMemberNotBound = Create(
        "LFS0007", "Required member is not a configuration field",
        "required member '{0}' has no [ConfigField]; the generated factory can only set members bound to configuration",
        DeclarationCategory, DiagnosticSeverity.Error,
        "The generated factory sets configuration fields only; any other required member would stay unset.");

    /// <summary>LFS0008: a generic, static or abstract adapter class.</summary>
    public static readonly DiagnosticDescriptor InvalidAdapterShape = Create(
        "LFS0008", "Adapter class cannot be generated",
        "'{0}' {1}",
        DeclarationCategory, DiagnosticSeverity.Error,
        "An adapter is a closed, non-generic, instantiable class; put shared handlers on an abstract base class instead.");

    /// <summary>LFS0009: a [ConfigField] member that cannot be assigned.</summary>
    public static readonly DiagnosticDescriptor ConfigMemberNotSettable = Create(
        "LFS0009", "Configuration member cannot be set",
        "[ConfigField] member '{0}' must be a settable property (set or init) or a non-readonly field",
        DeclarationCategory, DiagnosticSeverity.Error,
        "The generated constructor assigns every configuration member, so it must be settable.");

    /// <summary>LFS0010: two members bound to one configuration key.</summary>
    public static readonly DiagnosticDescriptor DuplicateConfigKey = Create(
        "LFS0010", "Configuration key used twice",
        "configuration key '{0}' is already bound to '{1}'",
        DeclarationCategory, DiagnosticSeverity.Error,
        "Each schema field is one environment variable; two members cannot share it.");

    /// <summary>LFS0011: a handler for a command the runtime consumes itself.</summary>
    public static readonly DiagnosticDescriptor RuntimeCommandHandler = Create(
        "LFS0011", "Handler for a command the runtime consumes",
        "'{0}' never reaches adapter code (the runtime consumes it); remove the handler",
        DeclarationCategory, DiagnosticSeverity.Warning,
        "ready_ack and shutdown are answered by the runtime; a handler for them is never called.");

    /// <summary>LFS0012: a method named like an adapter hook whose signature does not match, so it never runs.</summary>
    public static readonly DiagnosticDescriptor HookSignatureMismatch = Create(
        "LFS0012", "Method looks like an adapter hook but will never be called",
        "'{0}' looks like an adapter hook but its signature does not match, so it is never called; expected: {1}",
        DeclarationCategory, DiagnosticSeverity.Warning,
        "The producer, the shutdown and ready hooks and the configuration check are found by name and signature. A "
        + "method with the name but another signature (a ValueTask producer, swapped parameters, a missing Async "
        + "suffix) is not wired, and the adapter runs without it.");

    /// <summary>LFS0013: a [ConfigField] declared on a base class, which is not bound.</summary>
    public static readonly DiagnosticDescriptor InheritedConfigMember = Create(
        "LFS0013", "Configuration member on a base class is not bound",
        "[ConfigField] member '{0}' of base class '{1}' is not bound for adapter '{2}'; declare it on the adapter class",
        DeclarationCategory, DiagnosticSeverity.Warning,
        "Configuration is bound, and described in the schema, from the adapter class's own members only; a base "
        + "class's [ConfigField] member keeps its default value.");

    /// <summary>LFS0014: a method marked as a hook whose signature does not match.</summary>
    public static readonly DiagnosticDescriptor MarkedHookSignature = Create(
        "LFS0014", "Marked hook has the wrong signature",
        "'{0}' is marked [{1}] but its signature does not match, or the adapter cannot call it; expected: {2}",
        DeclarationCategory, DiagnosticSeverity.Error,
        "A method marked [Producer], [ShutdownHook], [ReadyHook] or [ConfigurationCheck] is the hook whatever its name, "
        + "so its signature is checked: a marked method the generator cannot call is an error, not a hook that never runs.");

    /// <summary>LFS0020: a constructor parameter the generated factory cannot resolve as a service.</summary>
    public static readonly DiagnosticDescriptor ParameterNotInjectable = Create(
        "LFS0020", "Constructor parameter cannot be injected",
        "parameter '{0}' of '{1}' cannot be injected: {2}",
        DeclarationCategory, DiagnosticSeverity.Error,
        "The generated factory resolves each constructor parameter as a service by its type (ILogger<T>, ILoggerFactory, TimeProvider, HttpClient, or the IServiceProvider passed to the host); values are configuration and belong in [ConfigField] members.");

    /// <summary>LFS0101: something writes to stdout, which carries the protocol.</summary>
    public static readonly DiagnosticDescriptor StdoutWrite = Create(
        "LFS0101",
        "Adapter code writes to stdout",
        "'{0}' writes to stdout, which carries the sidecar protocol; write to Console.Error or SidecarLog instead",
        ProtocolCategory,
        DiagnosticSeverity.Error,
        "stdout belongs to the protocol: the daemon reads every stdout line as a JSON event, so a stray line becomes a "
        + "daemon warning and a dropped frame. Log through SidecarLog or Console.Error (stderr).");

    /// <summary>LFS0201: an adapter neither handles nor ignores a command type the runtime defines.</summary>
    public static readonly DiagnosticDescriptor UnhandledCommand = Create(
        "LFS0201",
        "Adapter neither handles nor ignores a command",
        "Adapter '{0}' neither handles nor ignores '{1}'; add an [OnCommand] method for it or list it in IgnoredCommands",
        CommandsCategory,
        DiagnosticSeverity.Warning,
        "Every command type the referenced runtime defines needs a decision: a handler, or an entry in "
        + "[SidecarAdapter(IgnoredCommands = ...)]. A new command in a future runtime version then flags every adapter "
        + "that has not decided about it. Capability-gated commands are checked by LFS0501/LFS0502 instead.");

    /// <summary>LFS0202: a switch over a command misses a command type and has no default.</summary>
    public static readonly DiagnosticDescriptor IncompleteCommandSwitch = Create(
        "LFS0202",
        "Switch over Command misses command types",
        "This switch over Command has no default or discard case and does not handle {0}",
        CommandsCategory,
        DiagnosticSeverity.Warning,
        "A switch over Command without a default case silently skips (statement) or throws on (expression) every "
        + "command type it does not name. Name every command type that can reach adapter code, or add a default case "
        + "that states what happens to the rest.");

    /// <summary>LFS0301: a SemaphoreSlim stays acquired across an await.</summary>
    public static readonly DiagnosticDescriptor SemaphoreHeldAcrossAwait = Create(
        "LFS0301",
        "SemaphoreSlim held across an emit",
        "'{0}' acquired here is still held at the await on line {1}, which can wait on the daemon or on the semaphore itself; release it before awaiting",
        ConcurrencyCategory,
        DiagnosticSeverity.Warning,
        "An emit waits while the event queue is full, until the daemon reads stdout; holding a SemaphoreSlim across it "
        + "makes every handler and the producer that need the semaphore wait on the daemon too, and a second acquire "
        + "of the same semaphore never completes. Awaiting platform I/O under an async mutex (WaitAsync, try, "
        + "finally Release) is not flagged: it is how writes on one connection are serialised.");

    /// <summary>LFS0302: a thread-affine lock stays acquired across an await.</summary>
    public static readonly DiagnosticDescriptor ThreadAffineLockHeldAcrossAwait = Create(
        "LFS0302",
        "Thread-affine lock held across an await",
        "'{0}' ({1}) acquired here is still held at the await on line {2}; a thread-affine lock must be released on the thread that took it",
        ConcurrencyCategory,
        DiagnosticSeverity.Error,
        "Monitor, Mutex, ReaderWriterLockSlim, SpinLock and System.Threading.Lock belong to the thread that acquired "
        + "them. After an await the method usually resumes on another thread: the release throws "
        + "SynchronizationLockException (or silently fails) and the lock stays held forever.");

    /// <summary>LFS0401: the producer's emitter escapes the producer.</summary>
    public static readonly DiagnosticDescriptor EmitterEscapesProducer = Create(
        "LFS0401",
        "Producer emitter escapes the producer",
        "The producer's emitter '{0}' escapes through {1}, so it can outlive ProduceAsync",
        ConcurrencyCategory,
        DiagnosticSeverity.Warning,
        "The emitter passed to ProduceAsync belongs to that call: the runtime cancels and awaits the producer on "
        + "shutdown and then writes what was emitted. Work that keeps the emitter after the producer returns (an "
        + "unobserved Task.Run, a fire-and-forget task, a field, a static) emits into a session that is gone and "
        + "hides its exceptions.");

    /// <summary>LFS0501: a declared capability has no handler for its commands.</summary>
    public static readonly DiagnosticDescriptor CapabilityWithoutHandler = Create(
        "LFS0501",
        "Declared capability has no handler",
        "Adapter '{0}' declares the '{1}' capability but handles none of its commands ({2})",
        CapabilitiesCategory,
        DiagnosticSeverity.Warning,
        "A declared capability makes the daemon send that capability's commands. Without a handler they are dropped "
        + "(or become errors) and the user sees a feature the adapter does not have.");

    /// <summary>LFS0502: a capability's commands are only partly handled.</summary>
    public static readonly DiagnosticDescriptor CapabilityPartlyHandled = Create(
        "LFS0502",
        "Capability handlers are incomplete",
        "Adapter '{0}' handles only part of the '{1}' capability; add handlers for {2}",
        CapabilitiesCategory,
        DiagnosticSeverity.Warning,
        "Some capabilities span several commands (streaming: stream_start, stream_delta and stream_end). The daemon "
        + "sends all of them or none; handling a subset loses text or leaves streams open.");

    /// <summary>LFS0601: a handler or the producer blocks a thread on asynchronous work.</summary>
    public static readonly DiagnosticDescriptor BlockingCallInHandler = Create(
        "LFS0601",
        "Blocking call in a command handler or the producer",
        "'{0}' blocks the thread inside '{1}'; await instead",
        ConcurrencyCategory,
        DiagnosticSeverity.Warning,
        "Command handlers run one at a time on the dispatcher the supervisor is waiting on. Blocking it (.Result, "
        + ".Wait(), GetAwaiter().GetResult(), Thread.Sleep) stalls every later command and can deadlock with the "
        + "producer; awaiting yields the thread instead.");

    /// <summary>Every descriptor, in id order.</summary>
    public static ImmutableArray<DiagnosticDescriptor> All { get; } = ImmutableArray.Create(
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
        StdoutWrite,
        UnhandledCommand,
        IncompleteCommandSwitch,
        SemaphoreHeldAcrossAwait,
        ThreadAffineLockHeldAcrossAwait,
        EmitterEscapesProducer,
        CapabilityWithoutHandler,
        CapabilityPartlyHandled,
        BlockingCallInHandler);

    /// <summary>The descriptor of a shared adapter declaration rule.</summary>
    internal static DiagnosticDescriptor For(AdapterRule rule) => rule switch
    {
        AdapterRule.NotPartial => NotPartial,
        AdapterRule.InvalidHandler => InvalidHandler,
        AdapterRule.DuplicateHandler => DuplicateHandler,
        AdapterRule.UnsupportedConfigType => UnsupportedConfigType,
        AdapterRule.FieldTypeMismatch => FieldTypeMismatch,
        AdapterRule.NoParameterlessConstructor => NoParameterlessConstructor,
        AdapterRule.RequiredMemberNotBound => RequiredMemberNotBound,
        AdapterRule.InvalidAdapterShape => InvalidAdapterShape,
        AdapterRule.ConfigMemberNotSettable => ConfigMemberNotSettable,
        AdapterRule.DuplicateConfigKey => DuplicateConfigKey,
        AdapterRule.RuntimeCommandHandler => RuntimeCommandHandler,
        AdapterRule.HookSignatureMismatch => HookSignatureMismatch,
        AdapterRule.InheritedConfigMember => InheritedConfigMember,
        AdapterRule.MarkedHookSignature => MarkedHookSignature,
        AdapterRule.ParameterNotInjectable => ParameterNotInjectable,
        _ => throw new System.ArgumentOutOfRangeException(nameof(rule), rule, null),
    };

    private static DiagnosticDescriptor Create(
        string id, string title, string messageFormat, string category, DiagnosticSeverity severity, string description) =>
        new(id, title, messageFormat, category, severity, isEnabledByDefault: true, description, HelpLinkBase + id + ".md");
}
