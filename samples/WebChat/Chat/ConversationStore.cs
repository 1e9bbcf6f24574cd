namespace LibreFang.Samples.WebChat.Chat;

/// <summary>
/// Every conversation the adapter knows, at most <c>maxConversations</c>: past that, the one idle longest and not
/// open in any page is forgotten, so neither pages nor the daemon can grow memory without bound.
/// </summary>
internal sealed class ConversationStore(int history, int maxConversations, TimeProvider time)
{
    /// <summary>Page events kept per conversation for resuming a dropped stream (a streamed answer is many events).</summary>
    public const int EventLogCapacity = 4096;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Conversation> _conversations = new(StringComparer.Ordinal);

    public int History => history;

    public Conversation GetOrAdd(string id)
    {
        lock (_gate)
        {
            if (_conversations.TryGetValue(id, out var existing))
            {
                return existing;
            }
            if (_conversations.Count >= maxConversations)
            {
                var idle = _conversations.Values.Where(c => Volatile.Read(ref c.Watchers) == 0).MinBy(c => c.LastActive);
                if (idle is not null)
                {
                    _conversations.Remove(idle.Id);
                }
            }
            var created = new Conversation(id, history, EventLogCapacity, time);
            _conversations[id] = created;
            return created;
        }
    }

    public Conversation? Find(string id)
    {
        lock (_gate)
        {
            return _conversations.GetValueOrDefault(id);
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _conversations.Count;
            }
        }
    }
}
