using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LibreFang.Sidecar.Analyzers;

/// <summary>
/// Every diagnostic the analyzers report. Ids are stable and grouped by range (see docs/diagnostics/README.md);
/// each id has a page under docs/diagnostics that the help link points to.
/// </summary>
public static class DiagnosticDescriptors
{
    /// <summary>Base address of the per-id documentation pages.</summary>
    public const string HelpLinkBase = "https://github.com/librefang/librefang-sidecar-dotnet/blob/main/docs/diagnostics/";

    private const string ProtocolCategory = "LibreFang.Sidecar.Protocol";
    private const string CommandsCategory = "LibreFang.Sidecar.Commands";
    private const string ConcurrencyCategory = "LibreFang.Sidecar.Concurrency";
    private const string CapabilitiesCategory = "LibreFang.Sidecar.Capabilities";

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
        "SemaphoreSlim held across an await",
        "'{0}' acquired here is still held at the await on line {1}; release it before awaiting",
        ConcurrencyCategory,
        DiagnosticSeverity.Warning,
        "Holding a SemaphoreSlim while awaiting other work stalls every handler and the producer that wait for it "
        + "for as long as the awaited I/O takes, and deadlocks when the awaited work needs the same semaphore.");

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
        StdoutWrite,
        UnhandledCommand,
        IncompleteCommandSwitch,
        SemaphoreHeldAcrossAwait,
        ThreadAffineLockHeldAcrossAwait,
        EmitterEscapesProducer,
        CapabilityWithoutHandler,
        CapabilityPartlyHandled,
        BlockingCallInHandler);

    private static DiagnosticDescriptor Create(
        string id, string title, string messageFormat, string category, DiagnosticSeverity severity, string description) =>
        new(id, title, messageFormat, category, severity, isEnabledByDefault: true, description, HelpLinkBase + id + ".md");
}
