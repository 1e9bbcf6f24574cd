namespace LibreFang.Sidecar;

/// <summary>
/// Marks a <c>partial</c> class as a sidecar adapter. The source generator implements <see cref="ISidecarAdapter"/>
/// and <see cref="ISidecarAdapterFactory{TSelf}"/>, the dispatch of <see cref="OnCommandAttribute"/> methods, the
/// schema, the configuration binder and <c>static Task&lt;int&gt; RunAsync(string[] args)</c>.
/// </summary>
/// <param name="name">The adapter's schema name (e.g. <c>"irc"</c>).</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SidecarAdapterAttribute(string name) : Attribute
{
    /// <summary>The schema name.</summary>
    public string Name { get; } = name;

    /// <summary>Name shown on the dashboard; defaults to <see cref="Name"/>.</summary>
    public string? DisplayName { get; set; }

    /// <summary>One sentence for the dashboard.</summary>
    public string? Description { get; set; }

    /// <summary>
    /// Capabilities that cannot be inferred from handlers (<c>thread</c>, <c>typing_events</c>). Handlers imply
    /// <c>typing</c>, <c>reaction</c>, <c>interactive</c> and (with start, delta and end) <c>streaming</c>.
    /// </summary>
    public string[]? Capabilities { get; set; }

    /// <summary>Command types the adapter deliberately does not handle (they are ignored without a diagnostic).</summary>
    public Type[]? IgnoredCommands { get; set; }

    /// <summary>Ask the daemon not to send error replies to users.</summary>
    public bool SuppressErrorResponses { get; set; }

    /// <summary>Protocol version announced in <c>ready</c>; 0 means not announced (<c>null</c>).</summary>
    public uint ProtocolVersion { get; set; }
}

/// <summary>
/// Marks a command handler. The first parameter's type selects the command (<see cref="SendCommand"/>, ...; the base
/// <see cref="Command"/> makes a catch-all); optional further parameters are <see cref="IEventEmitter"/> and
/// <see cref="CancellationToken"/>. Returns <see cref="ValueTask"/>, <see cref="Task"/> or <c>void</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class OnCommandAttribute : Attribute;

/// <summary>Binds a property or field to a configuration key and describes it in the schema.</summary>
/// <param name="key">The environment variable (the schema field key).</param>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false)]
public sealed class ConfigFieldAttribute(string key) : Attribute
{
    /// <summary>The key.</summary>
    public string Key { get; } = key;

    /// <summary>Dashboard label; defaults to the key.</summary>
    public string? Label { get; set; }

    /// <summary>Field type; inferred from the member type when unset (string: text, bool, numbers, string lists).</summary>
    public FieldType Type { get; set; } = FieldType.Text;

    /// <summary>The adapter refuses to start without a value.</summary>
    public bool Required { get; set; }

    /// <summary>Hint text.</summary>
    public string? Placeholder { get; set; }

    /// <summary>Shown under "advanced".</summary>
    public bool Advanced { get; set; }

    /// <summary>Allowed values of a select field.</summary>
    public string[]? Options { get; set; }
}

/// <summary>
/// Marks the adapter's producer, whatever its name: <c>Task M(IEventEmitter events, CancellationToken cancellationToken)</c>.
/// Without it, a method named <c>ProduceAsync</c> with that signature is the producer. A marked method with another
/// signature is an error (LFS0014), so a producer that would never run cannot go unnoticed.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ProducerAttribute : Attribute;

/// <summary>
/// Marks the shutdown hook, whatever its name: <c>ValueTask M(CancellationToken)</c> or <c>Task M(CancellationToken)</c>
/// (the token is optional). Without it, <c>OnShutdownAsync</c> is. A marked method with another signature is LFS0014.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ShutdownHookAttribute : Attribute;

/// <summary>
/// Marks the ready hook, whatever its name: <c>ReadyEvent M(ReadyEvent ready)</c>. Without it, <c>ConfigureReady</c>
/// is. A marked method with another signature is LFS0014.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ReadyHookAttribute : Attribute;

/// <summary>
/// Marks the configuration check, whatever its name: <c>void M(ConfigurationProblems problems)</c>, called by the
/// generated <c>Create</c> after binding. Without it, <c>ValidateConfiguration</c> is. A marked method with another
/// signature is LFS0014.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ConfigurationCheckAttribute : Attribute;
