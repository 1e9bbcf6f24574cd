namespace LibreFang.Sidecar;

// These attributes describe the command hierarchy to the source generator and the analyzers, so that the rules
// (capability inference, "every command type has a decision") follow the referenced runtime instead of a list
// hard-coded in the Roslyn components. A command type without any of them must be handled or explicitly ignored.

/// <summary>The daemon sends this command only to adapters that declare <see cref="Capability"/>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CommandCapabilityAttribute(string capability) : Attribute
{
    /// <summary>The capability string.</summary>
    public string Capability { get; } = capability;
}

/// <summary>Adapters may leave this command unhandled; it is then ignored.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class OptionalCommandAttribute : Attribute;

/// <summary>The runtime consumes this command; it never reaches adapter code.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RuntimeCommandAttribute : Attribute;
