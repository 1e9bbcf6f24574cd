using System.Text.Json;
using LibreFang.Samples.WebChat.Web;

namespace LibreFang.Samples.WebChat.Chat;

/// <summary>One page event, serialized once when it happens.</summary>
internal readonly record struct PageEvent(long Sequence, string Name, string Json);

/// <summary>
/// One browser conversation (one LibreFang channel): its last <c>history</c> messages, and a log of the page events
/// that changed them, so that a page that lost its connection gets exactly what it missed. Page streams wait on
/// <see cref="Changed"/>; every change completes it and starts a new one.
/// </summary>
internal sealed class Conversation(string id, int history, int logCapacity, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<ChatMessage> _messages = [];
    private readonly Dictionary<string, ChatMessage> _byId = new(StringComparer.Ordinal);
    private readonly Queue<PageEvent> _log = new();
    private TaskCompletionSource _changed = NewSignal();
    private long _sequence;
    private double _tokens = double.NaN;
    private long _tokensAt;
    private long _lastTypingEvent = long.MinValue;

    public string Id { get; } = id;

    /// <summary>Page streams currently open; a conversation being watched is never evicted.</summary>
    public int Watchers;

    public long LastActive { get; private set; } = time.GetTimestamp();

    /// <summary>Completes at the next change.</summary>
    public Task Changed
    {
        get
        {
            lock (_gate)
            {
                return _changed.Task;
            }
        }
    }

    public long Sequence
    {
        get
        {
            lock (_gate)
            {
                return _sequence;
            }
        }
    }

    public void Add(ChatMessage message)
    {
        lock (_gate)
        {
            _messages.Add(message);
            _byId[message.Id] = message;
            while (_messages.Count > history)
            {
                _byId.Remove(_messages[0].Id);
                _messages.RemoveAt(0);
            }
            PublishLocked("message", JsonSerializer.Serialize(message.ToView(), PageJson.Default.MessageView));
        }
    }

    /// <summary>Changes a message still in the history and sends its new state; false when it is unknown.</summary>
    public bool Update(string messageId, Action<ChatMessage> change)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(messageId, out var message))
            {
                return false;
            }
            change(message);
            PublishLocked("message", JsonSerializer.Serialize(message.ToView(), PageJson.Default.MessageView));
            return true;
        }
    }

    /// <summary>Reads a message under the lock (the reader must not keep references to mutable parts).</summary>
    public T? Read<T>(string messageId, Func<ChatMessage, T> read)
    {
        lock (_gate)
        {
            return _byId.TryGetValue(messageId, out var message) ? read(message) : default;
        }
    }

    public bool AppendDelta(string messageId, string text)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(messageId, out var message))
            {
                return false;
            }
            var kept = message.Append(text);
            if (kept.Length > 0)
            {
                PublishLocked("delta", JsonSerializer.Serialize(new DeltaView(messageId, kept), PageJson.Default.DeltaView));
            }
            return true;
        }
    }

    public void PublishTyping()
    {
        lock (_gate)
        {
            PublishLocked("typing", JsonSerializer.Serialize(new TypingView(true), PageJson.Default.TypingView));
        }
    }

    /// <summary>
    /// The events after <paramref name="after"/>, or null when some of them are no longer kept (the page then needs a
    /// snapshot).
    /// </summary>
    public IReadOnlyList<PageEvent>? EventsAfter(long after)
    {
        lock (_gate)
        {
            if (after > _sequence)
            {
                return null;
            }
            if (after == _sequence)
            {
                return [];
            }
            var oldest = _log.Count == 0 ? _sequence + 1 : _log.Peek().Sequence;
            if (oldest > after + 1)
            {
                return null;
            }
            return _log.Where(e => e.Sequence > after).ToArray();
        }
    }

    /// <summary>The whole kept history as one event, and the sequence it is current at.</summary>
    public PageEvent Snapshot(Func<IReadOnlyList<MessageView>, SnapshotView> build)
    {
        lock (_gate)
        {
            var view = build(_messages.Select(m => m.ToView()).ToArray());
            return new PageEvent(_sequence, "snapshot", JsonSerializer.Serialize(view, PageJson.Default.SnapshotView));
        }
    }

    /// <summary>A token bucket per conversation: <paramref name="burst"/> at once, then <paramref name="perMinute"/>.</summary>
    public bool TryTake(int burst, double perMinute, out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            if (double.IsNaN(_tokens))
            {
                _tokens = burst;
            }
            else
            {
                var minutes = time.GetElapsedTime(_tokensAt, now).TotalMinutes;
                _tokens = Math.Min(burst, _tokens + minutes * perMinute);
            }
            _tokensAt = now;
            if (_tokens >= 1)
            {
                _tokens -= 1;
                retryAfter = TimeSpan.Zero;
                return true;
            }
            retryAfter = TimeSpan.FromMinutes((1 - _tokens) / perMinute);
            return false;
        }
    }

    /// <summary>At most one inbound typing event per interval, so a typing user does not flood the daemon.</summary>
    public bool TryTypingSlot(TimeSpan interval)
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            if (_lastTypingEvent != long.MinValue && time.GetElapsedTime(_lastTypingEvent, now) < interval)
            {
                return false;
            }
            _lastTypingEvent = now;
            return true;
        }
    }

    private void PublishLocked(string name, string json)
    {
        _log.Enqueue(new PageEvent(++_sequence, name, json));
        while (_log.Count > logCapacity)
        {
            _log.Dequeue();
        }
        LastActive = time.GetTimestamp();
        var changed = _changed;
        _changed = NewSignal();
        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
