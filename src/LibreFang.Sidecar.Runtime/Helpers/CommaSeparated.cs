namespace LibreFang.Sidecar.Helpers;

/// <summary>Comma-separated configuration values (<c>IRC_CHANNELS=#a, #b</c>).</summary>
public static class CommaSeparated
{
    /// <summary>Splits on commas, trims each entry, drops empty ones and keeps the order; null or empty gives an empty list.</summary>
    public static IReadOnlyList<string> Split(string? raw) =>
        string.IsNullOrEmpty(raw) ? [] : raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
