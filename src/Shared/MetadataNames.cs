namespace LibreFang.Sidecar.Roslyn;

/// <summary>
/// The runtime's names the generator, the analyzers and the code fixes look for, spelled once. This folder is linked
/// as source into each of those assemblies (see src/Roslyn.props), so every copy compiles from the same text.
/// </summary>
internal static class MetadataNames
{
    public const string Namespace = "LibreFang.Sidecar";

    public const string SidecarAdapterAttribute = Namespace + ".SidecarAdapterAttribute";
    public const string OnCommandAttribute = Namespace + ".OnCommandAttribute";
    public const string ConfigFieldAttribute = Namespace + ".ConfigFieldAttribute";
    public const string CommandCapabilityAttribute = Namespace + ".CommandCapabilityAttribute";
    public const string OptionalCommandAttribute = Namespace + ".OptionalCommandAttribute";
    public const string RuntimeCommandAttribute = Namespace + ".RuntimeCommandAttribute";
    public const string ProducerAttribute = Namespace + ".ProducerAttribute";
    public const string ShutdownHookAttribute = Namespace + ".ShutdownHookAttribute";
    public const string ReadyHookAttribute = Namespace + ".ReadyHookAttribute";
    public const string ConfigurationCheckAttribute = Namespace + ".ConfigurationCheckAttribute";

    public const string Command = Namespace + ".Command";
    public const string EventEmitter = Namespace + ".IEventEmitter";
    public const string ReadyEvent = Namespace + ".ReadyEvent";
    public const string SidecarAdapterInterface = Namespace + ".ISidecarAdapter";
    public const string EquatableList = Namespace + ".EquatableList`1";
    public const string ConfigurationProblems = Namespace + ".ConfigurationProblems";

    /// <summary>How <c>Command</c> is spelled fully qualified (<see cref="TypeNames.Full"/>).</summary>
    public const string CommandFullName = "global::" + Command;
}

/// <summary>Member names of the adapter conventions.</summary>
internal static class MemberNames
{
    public const string Produce = "ProduceAsync";
    public const string HandleCommand = "HandleCommandAsync";
    public const string Shutdown = "OnShutdownAsync";
    public const string ConfigureReady = "ConfigureReady";
    public const string ValidateConfiguration = "ValidateConfiguration";
}

/// <summary>Named arguments of <c>[SidecarAdapter]</c> and <c>[ConfigField]</c>.</summary>
internal static class AttributeArgumentNames
{
    public const string DisplayName = "DisplayName";
    public const string Description = "Description";
    public const string Capabilities = "Capabilities";
    public const string IgnoredCommands = "IgnoredCommands";
    public const string SuppressErrorResponses = "SuppressErrorResponses";
    public const string ProtocolVersion = "ProtocolVersion";

    public const string Label = "Label";
    public const string Type = "Type";
    public const string Required = "Required";
    public const string Placeholder = "Placeholder";
    public const string Advanced = "Advanced";
    public const string Options = "Options";
}
