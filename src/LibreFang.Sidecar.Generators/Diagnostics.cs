using Microsoft.CodeAnalysis;

namespace LibreFang.Sidecar.Generators;

/// <summary>The generator's diagnostics (LFS0001–LFS0099): what only the generator can know about an adapter declaration.</summary>
internal static class Diagnostics
{
    private const string Category = "LibreFang.Sidecar.Generator";

    private static string HelpLink(string id) => $"https://github.com/librefang/librefang-sidecar-dotnet/blob/main/docs/diagnostics/{id}.md";

    public static readonly DiagnosticDescriptor NotPartial = new(
        "LFS0001", "Adapter class must be partial",
        "'{0}' must be declared partial (and so must every type it is nested in) so the generator can complete it",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("LFS0001"));

    public static readonly DiagnosticDescriptor InvalidHandler = new(
        "LFS0002", "Command handler has an invalid signature",
        "[OnCommand] method '{0}' {1}; expected (TCommand command[, IEventEmitter events][, CancellationToken cancellationToken]) returning ValueTask, Task or void",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("LFS0002"));

    public static readonly DiagnosticDescriptor DuplicateHandler = new(
        "LFS0003", "Two handlers for one command",
        "'{0}' is already handled by '{1}'; each command type has at most one [OnCommand] method",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("LFS0003"));

    public static readonly DiagnosticDescriptor UnsupportedConfigType = new(
        "LFS0004", "Configuration member type is not supported",
        "[ConfigField] member '{0}' has type '{1}'; supported: string, bool, int, long, double, decimal (nullable or not), string[], IReadOnlyList<string>, List<string>, EquatableList<string>",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("LFS0004"));

    public static readonly DiagnosticDescriptor FieldTypeMismatch = new(
        "LFS0005", "Field type does not fit the member",
        "[ConfigField] '{0}': {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("LFS0005"));

    public static readonly DiagnosticDescriptor NoParameterlessConstructor = new(
        "LFS0006", "Adapter needs a parameterless constructor",
        "'{0}' declares constructors but none without parameters; the generated factory builds the adapter from configuration through one",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("LFS0006"));

    public static readonly DiagnosticDescriptor RequiredMemberNotBound = new(
        "LFS0007", "Required member is not a configuration field",
        "required member '{0}' has no [ConfigField]; the generated factory can only set members bound to configuration",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("LFS0007"));

    public static readonly DiagnosticDescriptor InvalidAdapterShape = new(
        "LFS0008", "Adapter class cannot be generated",
        "'{0}' {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("LFS0008"));

    public static readonly DiagnosticDescriptor ConfigMemberNotSettable = new(
        "LFS0009", "Configuration member cannot be set",
        "[ConfigField] member '{0}' must be a settable property (set or init) or a non-readonly field",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("LFS0009"));

    public static readonly DiagnosticDescriptor DuplicateConfigKey = new(
        "LFS0010", "Configuration key used twice",
        "configuration key '{0}' is already bound to '{1}'",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("LFS0010"));

    public static readonly DiagnosticDescriptor RuntimeCommandHandler = new(
        "LFS0011", "Handler for a command the runtime consumes",
        "'{0}' never reaches adapter code (the runtime consumes it); remove the handler",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink("LFS0011"));

    public static DiagnosticDescriptor? Find(string id) => id switch
    {
        "LFS0001" => NotPartial,
        "LFS0002" => InvalidHandler,
        "LFS0003" => DuplicateHandler,
        "LFS0004" => UnsupportedConfigType,
        "LFS0005" => FieldTypeMismatch,
        "LFS0006" => NoParameterlessConstructor,
        "LFS0007" => RequiredMemberNotBound,
        "LFS0008" => InvalidAdapterShape,
        "LFS0009" => ConfigMemberNotSettable,
        "LFS0010" => DuplicateConfigKey,
        "LFS0011" => RuntimeCommandHandler,
        _ => null,
    };
}
