using LibreFang.Sidecar.Roslyn;

namespace LibreFang.Sidecar.Generators.Model;

// Everything the emitter needs, as plain equatable values: no ISymbol, Compilation, SyntaxNode or Location, so the
// incremental pipeline can compare runs and skip work when nothing relevant changed.

/// <summary>One [SidecarAdapter] class.</summary>
internal sealed record AdapterModel(
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string ClassName,
    string HintName,
    string SchemaName,
    string DisplayName,
    string Description,
    EquatableArray<string> Capabilities,
    bool SuppressErrorResponses,
    uint ProtocolVersion,
    EquatableArray<DispatchModel> Dispatch,
    HandlerModel? CatchAll,
    EquatableArray<ConfigFieldModel> ConfigFields,
    string? ProducerMethod,
    ShutdownHookModel? ShutdownHook,
    string? ReadyHookMethod,
    string? ValidationMethod,
    ConstructorKind Constructor,
    bool HasErrors,
    EquatableArray<ServiceParameterModel> ConstructorServices);

/// <summary>One parameter of the adapter's service constructor: its name, how it is resolved and the (category) type.</summary>
internal sealed record ServiceParameterModel(string Name, string Type, ServiceKind Kind);

/// <summary>A type the adapter is nested in: keyword (class, struct, record, ...) and name with type parameters.</summary>
internal sealed record ContainingTypeModel(string Keyword, string NameWithTypeParameters);

/// <summary>One command type the runtime dispatches, and the handler for it (null: ignored or the catch-all).</summary>
internal sealed record DispatchModel(string CommandType, HandlerModel? Handler);

/// <summary>
/// An [OnCommand] method: how to call it. <see cref="Arguments"/> spells the parameter order, one letter each:
/// <c>c</c> the command, <c>e</c> the emitter, <c>t</c> the cancellation token.
/// </summary>
internal sealed record HandlerModel(string MethodName, string CommandType, string Arguments, HandlerReturn Return);

/// <summary>The optional <c>OnShutdownAsync(CancellationToken)</c>.</summary>
internal sealed record ShutdownHookModel(string MethodName, HandlerReturn Return, bool TakesToken);

/// <summary>A [ConfigField] member.</summary>
internal sealed record ConfigFieldModel(
    string MemberName,
    string Key,
    string Label,
    string FieldType,
    bool Required,
    string Placeholder,
    bool Advanced,
    EquatableArray<string> Options,
    bool HasOptions,
    ValueKind Kind);
