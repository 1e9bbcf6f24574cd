namespace LibreFang.Sidecar.Helpers;

/// <summary>
/// Remembers recently seen platform ids to drop duplicate deliveries (webhook retries, reconnect replays). Bounded:
/// when it holds more than <c>maxSize</c> ids, the oldest <c>evict</c> are forgotten in one batch. Thread-safe.
/// </summary>
public sealed class SeenSet
{
    /// <summary>The default capacity.</summary>
    public const int DefaultMaxSize = 10_000;

    /// <summary>The default eviction batch.</summary>
    public const int DefaultEvict = 5_000;

    private readonly Lock _gate = new();
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly int _maxSize;
    private readonly int _evict;

    /// <summary>Creates a set; <paramref name="evict"/> must be between 1 and <paramref name="maxSize"/>.</summary>
    public SeenSet(int maxSize = DefaultMaxSize, int evict = DefaultEvict)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(evict, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(evict, maxSize);
        _maxSize = maxSize;
        _evict = evict;
    }

    /// <summary>How many ids are remembered.</summary>
    public int Count
    {
        get { lock (_gate) { return _ids.Count; } }
    }

    /// <summary>
    /// Records <paramref name="id"/>; true when it is new (process the event), false for a repeat. A null or empty id
    /// is always new and never stored: there is nothing to de-duplicate on.
    /// </summary>
    public bool Mark(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return true;
        }
        lock (_gate)
        {
            if (!_ids.Add(id))
            {
                return false;
            }
            _order.Enqueue(id);
            if (_order.Count > _maxSize)
            {
                for (var i = 0; i < _evict && _order.TryDequeue(out var oldest); i++)
                {
                    _ids.Remove(oldest);
                }
            }
            return true;
        }
    }

    /// <summary>True when <paramref name="id"/> is remembered.</summary>
    public bool Contains(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return false;
        }
        lock (_gate)
        {
            return _ids.Contains(id);
        }
    }
}
