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

    /// <summary>Creates the exception for one problem: the key it concerns and what is wrong.</summary>
    public ConfigurationException(string key, string message)
        : this([new ConfigurationProblem(key, message)])
    {
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<ConfigurationProblem> Problems { get; }

    // A loop, not LINQ: every adapter links this, and LINQ's Select made Native AOT keep its runtime type loader in
    // every binary (185 KiB of Echo's 2 046; see LinkedCodeTests).
    private static string Describe(IReadOnlyList<ConfigurationProblem> problems)
    {
        if (problems.Count == 0)
        {
            return "invalid configuration";
        }
        var messages = new string[problems.Count];
        for (var i = 0; i < messages.Length; i++)
        {
            messages[i] = problems[i].Message;
        }
        return "invalid configuration: " + string.Join("; ", messages);
    }
}

/// <summary>
/// The problems a cross-field check finds. An adapter declares <c>void ValidateConfiguration(ConfigurationProblems
/// problems)</c>; the generated <c>Create</c> calls it after every field is bound and reports all problems added here
/// at once, like binding problems: one <c>error</c> event and exit code 2.
/// </summary>
public sealed class ConfigurationProblems
{
    private readonly List<ConfigurationProblem> _problems = [];

    /// <summary>Problems added so far.</summary>
    public IReadOnlyList<ConfigurationProblem> Items => _problems;

    /// <summary>Adds a problem: the key it concerns and what is wrong (never the value of a secret).</summary>
    public void Add(string key, string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(message);
        _problems.Add(new ConfigurationProblem(key, message));
    }

    /// <summary>Throws <see cref="ConfigurationException"/> listing every problem, if there is any.</summary>
    public void ThrowIfAny()
    {
        if (_problems.Count > 0)
        {
            throw new ConfigurationException([.. _problems]);
        }
    }
}
