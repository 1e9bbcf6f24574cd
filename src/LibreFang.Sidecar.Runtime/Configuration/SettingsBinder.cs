using System.Globalization;

namespace LibreFang.Sidecar;

/// <summary>A configuration value that may be unset (then the member keeps its default).</summary>
public readonly record struct Setting<T>(bool IsSet, T Value)
{
    /// <summary>An unset value.</summary>
    public static Setting<T> Unset => default;
}

/// <summary>
/// Reads configuration values by key and type, collecting every problem instead of stopping at the first, so an
/// operator sees all of them at once. Generated adapters use it; hand-written ones can too. A secret's value never
/// appears in a problem message.
/// </summary>
/// <example><code>
/// var binder = new SettingsBinder(settings);
/// var token = binder.Text("IRC_PASSWORD", required: true, secret: true);
/// var port = binder.Int32("IRC_PORT");
/// binder.ThrowIfInvalid();
/// </code></example>
public sealed class SettingsBinder(ISettingsSource source)
{
    private readonly List<ConfigurationProblem> _problems = [];

    /// <summary>Problems found so far.</summary>
    public IReadOnlyList<ConfigurationProblem> Problems => _problems;

    /// <summary>Throws <see cref="ConfigurationException"/> listing every problem, if there is any.</summary>
    public void ThrowIfInvalid()
    {
        if (_problems.Count > 0)
        {
            throw new ConfigurationException([.. _problems]);
        }
    }

    /// <summary>Adds a problem found outside the binder (a check across fields), reported with the others.</summary>
    public void AddProblem(string key, string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(message);
        _problems.Add(new(key, message));
    }

    /// <summary>A text (or secret) value, trimmed. Empty counts as unset.</summary>
    public Setting<string> Text(string key, bool required = false, bool secret = false)
    {
        _ = secret;
        var raw = Raw(key, required);
        return raw is null ? default : new(true, raw);
    }

    /// <summary>A value that must be one of <paramref name="options"/> (compared exactly).</summary>
    public Setting<string> Select(string key, IReadOnlyList<string> options, bool required = false)
    {
        var raw = Raw(key, required);
        if (raw is null)
        {
            return default;
        }
        if (!IsOneOf(raw, options))
        {
            _problems.Add(new(key, $"{key} must be one of {string.Join(", ", options)} (got '{raw}')"));
            return default;
        }
        return new(true, raw);
    }

    private static bool IsOneOf(string value, IReadOnlyList<string> options)
    {
        for (var i = 0; i < options.Count; i++)
        {
            if (string.Equals(options[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A boolean: <c>true/false</c>, <c>1/0</c>, <c>yes/no</c>, <c>on/off</c> (any case).</summary>
    public Setting<bool> Bool(string key, bool required = false)
    {
        var raw = Raw(key, required);
        if (raw is null)
        {
            return default;
        }
        switch (raw.ToLowerInvariant())
        {
            case "true" or "1" or "yes" or "on":
                return new(true, true);
            case "false" or "0" or "no" or "off":
                return new(true, false);
            default:
                _problems.Add(new(key, $"{key} must be true or false (also 1/0, yes/no, on/off), got '{raw}'"));
                return default;
        }
    }

    /// <summary>A whole number in the range of <see cref="int"/>.</summary>
    public Setting<int> Int32(string key, bool required = false, bool secret = false) =>
        Number<int>(key, required, secret, "a whole number", static s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (int?)null);

    /// <summary>A whole number in the range of <see cref="long"/>.</summary>
    public Setting<long> Int64(string key, bool required = false, bool secret = false) =>
        Number<long>(key, required, secret, "a whole number", static s => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (long?)null);

    /// <summary>A finite number (invariant culture: <c>.</c> is the decimal separator).</summary>
    public Setting<double> Double(string key, bool required = false, bool secret = false) =>
        Number<double>(key, required, secret, "a number", static s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : (double?)null);

    /// <summary>
    /// A decimal number (invariant culture: <c>.</c> is the decimal separator). A group separator is rejected, as for
    /// the other number types: <c>NumberStyles.Number</c> would read <c>1,5</c> as fifteen.
    /// </summary>
    public Setting<decimal> Decimal(string key, bool required = false, bool secret = false) =>
        Number<decimal>(key, required, secret, "a number", static s => decimal.TryParse(s, DecimalStyle, CultureInfo.InvariantCulture, out var v) ? v : (decimal?)null);

    private const NumberStyles DecimalStyle = NumberStyles.Integer | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>A comma-separated list: split on commas, entries trimmed, empty entries dropped, order kept.</summary>
    public Setting<string[]> List(string key, bool required = false)
    {
        var raw = Raw(key, required);
        if (raw is null)
        {
            return default;
        }
        var items = raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (items.Length == 0 && required)
        {
            _problems.Add(new(key, $"{key} is required (a comma-separated list with at least one entry)"));
            return default;
        }
        return new(true, items);
    }

    private Setting<T> Number<T>(string key, bool required, bool secret, string what, Func<string, T?> parse) where T : struct
    {
        var raw = Raw(key, required);
        if (raw is null)
        {
            return default;
        }
        if (parse(raw) is { } value)
        {
            return new(true, value);
        }
        _problems.Add(new(key, secret ? $"{key} must be {what}" : $"{key} must be {what}, got '{raw}'"));
        return default;
    }

    private string? Raw(string key, bool required)
    {
        var raw = source.Get(key)?.Trim();
        if (string.IsNullOrEmpty(raw))
        {
            if (required)
            {
                _problems.Add(new(key, $"{key} is required"));
            }
            return null;
        }
        return raw;
    }
}
