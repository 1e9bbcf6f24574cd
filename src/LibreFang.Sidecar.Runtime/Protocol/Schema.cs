namespace LibreFang.Sidecar;

/// <summary>The self-description printed by <c>--describe</c>: what the dashboard shows and which environment keys it writes.</summary>
public sealed record Schema(string Name, string DisplayName, string Description, EquatableList<Field> Fields);

/// <summary>
/// One configuration field. The first six properties are always written; <see cref="Options"/> only when set
/// (it belongs to <see cref="FieldType.Select"/>).
/// </summary>
/// <param name="Key">The environment variable the daemon sets.</param>
/// <param name="Label">What the dashboard shows.</param>
/// <param name="Type">How the value is entered and stored (secrets go to the daemon's secrets file).</param>
public sealed record Field(string Key, string Label, FieldType Type)
{
    /// <summary>The dashboard refuses to save without it; the adapter refuses to start without it.</summary>
    public bool Required { get; init; }

    /// <summary>Hint text in the empty input.</summary>
    public string Placeholder { get; init; } = "";

    /// <summary>Shown under "advanced".</summary>
    public bool Advanced { get; init; }

    /// <summary>The allowed values of a <see cref="FieldType.Select"/>.</summary>
    public EquatableList<string>? Options { get; init; }
}

/// <summary>The field types the dashboard knows (written in lower case).</summary>
public enum FieldType
{
    /// <summary>Free text.</summary>
    Text,
    /// <summary>A secret: stored apart from the config, never logged.</summary>
    Secret,
    /// <summary>A number.</summary>
    Number,
    /// <summary>A comma-separated list.</summary>
    List,
    /// <summary>A boolean (<c>true</c>/<c>false</c>, <c>1</c>/<c>0</c>, <c>yes</c>/<c>no</c>).</summary>
    Bool,
    /// <summary>One of <see cref="Field.Options"/>.</summary>
    Select,
}
