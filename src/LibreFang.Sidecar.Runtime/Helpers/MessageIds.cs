using System.Globalization;

namespace LibreFang.Sidecar;

/// <summary>
/// Message ids that stay unique across reconnects and restarts, for platforms whose messages carry none of their own
/// (IRC): <c>prefix-starttime-counter</c>, the start time in milliseconds (hex) when this instance was made. The daemon
/// keys reactions and replies on the id, so an id reused after a restart would point at an older message. Two
/// instances made in the same millisecond would share ids: make one per process.
/// </summary>
public sealed class MessageIds
{
    private readonly string _stem;
    private long _counter;

    /// <param name="prefix">Names the platform in the id (<c>"irc"</c>).</param>
    /// <param name="time">The clock for the start time; <see cref="TimeProvider.System"/> when null.</param>
    public MessageIds(string prefix, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var started = (time ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();
        _stem = prefix + "-" + started.ToString("x", CultureInfo.InvariantCulture) + "-";
    }

    /// <summary>The next id; safe to call from several threads.</summary>
    public string Next() => _stem + Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture);
}
