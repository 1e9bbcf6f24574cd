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
