namespace LibreFang.Sidecar;

/// <summary>Where configuration values come from: the environment in production, a dictionary in tests.</summary>
public interface ISettingsSource
{
    /// <summary>The raw value of <paramref name="key"/>, or null when unset.</summary>
    string? Get(string key);
}

/// <summary>Reads settings from environment variables (the daemon writes the schema's keys there).</summary>
public sealed class EnvironmentSettings : ISettingsSource
{
    /// <summary>The process environment.</summary>
    public static EnvironmentSettings Instance { get; } = new();

    /// <inheritdoc />
    public string? Get(string key) => Environment.GetEnvironmentVariable(key);
}

/// <summary>Settings from a dictionary.</summary>
public sealed class DictionarySettings(IReadOnlyDictionary<string, string> values) : ISettingsSource
{
    /// <inheritdoc />
    public string? Get(string key) => values.TryGetValue(key, out var value) ? value : null;
}

/// <summary>One configuration problem: the key and what is wrong (never the value of a secret).</summary>
public sealed record ConfigurationProblem(string Key, string Message);

/// <summary>Configuration is missing or invalid; the host reports every problem at once and exits with code 2.</summary>
public sealed class ConfigurationException : Exception
{
    /// <summary>Creates the exception from its problems.</summary>
    public ConfigurationException(IReadOnlyList<ConfigurationProblem> problems)
        : base(Describe(problems)) => Problems = problems;

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<ConfigurationProblem> Problems { get; }

    private static string Describe(IReadOnlyList<ConfigurationProblem> problems) =>
        problems.Count == 0
            ? "invalid configuration"
            : "invalid configuration: " + string.Join("; ", problems.Select(p => p.Message));
}
