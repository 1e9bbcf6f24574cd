using System.Globalization;

namespace LibreFang.Sidecar.Helpers;

/// <summary>How long a rate-limited HTTP API asks to wait (<c>Retry-After</c>), clamped to sane bounds.</summary>
public static class RetryAfter
{
    /// <summary>The default floor: never hammer an API that said "0".</summary>
    public static TimeSpan DefaultFloor { get; } = TimeSpan.FromSeconds(1);

    /// <summary>The default maximum: a misbehaving API must not park the adapter for hours.</summary>
    public static TimeSpan DefaultMaximum { get; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Reads <c>Retry-After</c> from a response: seconds (fractions accepted) or an HTTP date. Missing or unparsable
    /// gives <paramref name="fallback"/>; the result is clamped to [floor, maximum] (defaults 1 s and 60 s).
    /// </summary>
    public static TimeSpan From(HttpResponseMessage response, TimeSpan fallback, TimeSpan? floor = null, TimeSpan? maximum = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        string? raw = null;
        if (response.Headers.TryGetValues("Retry-After", out var values))
        {
            foreach (var value in values)
            {
                raw = value;
                break;
            }
        }
        return Parse(raw, fallback, floor, maximum, time);
    }

    /// <summary>Parses a raw <c>Retry-After</c> value (see <see cref="From"/>).</summary>
    public static TimeSpan Parse(string? value, TimeSpan fallback, TimeSpan? floor = null, TimeSpan? maximum = null, TimeProvider? time = null)
    {
        var low = floor ?? DefaultFloor;
        var high = maximum ?? DefaultMaximum;
        if (low > high)
        {
            throw new ArgumentOutOfRangeException(nameof(floor), low, $"floor ({low}) must not exceed maximum ({high})");
        }
        var wait = fallback;
        var text = value?.Trim();
        if (!string.IsNullOrEmpty(text))
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && !double.IsNaN(seconds))
            {
                wait = double.IsPositiveInfinity(seconds) || seconds >= high.TotalSeconds ? high
                    : seconds <= low.TotalSeconds ? low
                    : TimeSpan.FromSeconds(seconds);
            }
            else if (DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                wait = date - (time ?? TimeProvider.System).GetUtcNow();
            }
        }
        return wait < low ? low : wait > high ? high : wait;
    }
}
