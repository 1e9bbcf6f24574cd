using LibreFang.Samples.WebChat.Chat;
using Microsoft.Extensions.Time.Testing;

namespace LibreFang.Sidecar.WebChat.Tests.Unit;

public sealed class ConversationTests
{
    private static ChatMessage Message(string id, string text = "") => new(id, ChatMessage.Agent, "Agent", 0) { Text = text };

    [Fact]
    public void The_rate_limit_allows_a_burst_then_refills_at_the_rate_per_minute()
    {
        var time = new FakeTimeProvider();
        var conversation = new Conversation("c", 10, 100, time);

        Assert.True(conversation.TryTake(2, 6, out _));
        Assert.True(conversation.TryTake(2, 6, out _));
        Assert.False(conversation.TryTake(2, 6, out var wait));
        Assert.Equal(TimeSpan.FromSeconds(10), wait);

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(conversation.TryTake(2, 6, out wait));
        time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.True(conversation.TryTake(2, 6, out _));
        // Idle time refills up to the burst, not beyond.
        time.Advance(TimeSpan.FromHours(1));
        Assert.True(conversation.TryTake(2, 6, out _));
        Assert.True(conversation.TryTake(2, 6, out _));
        Assert.False(conversation.TryTake(2, 6, out _));
    }

    [Fact]
    public void Events_after_a_sequence_are_replayed_until_they_fall_out_of_the_log()
    {
        var conversation = new Conversation("c", 10, 3, TimeProvider.System);
        conversation.Add(Message("m1"));
        conversation.Add(Message("m2"));
        conversation.AppendDelta("m2", "x");

        Assert.Equal([2L, 3L], conversation.EventsAfter(1)!.Select(e => e.Sequence));
        Assert.Equal(["message", "delta"], conversation.EventsAfter(1)!.Select(e => e.Name));
        Assert.Empty(conversation.EventsAfter(3)!);
        Assert.Null(conversation.EventsAfter(4));

        conversation.PublishTyping();
        conversation.PublishTyping();
        // Events 1 and 2 are gone: a page that saw only event 1 cannot be caught up event by event.
        Assert.Null(conversation.EventsAfter(1));
        Assert.Equal([3L, 4L, 5L], conversation.EventsAfter(2)!.Select(e => e.Sequence));
    }

    [Fact]
    public async Task Every_change_completes_the_signal_a_page_stream_waits_on()
    {
        var conversation = new Conversation("c", 10, 100, TimeProvider.System);
        var changed = conversation.Changed;
        Assert.False(changed.IsCompleted);

        conversation.Add(Message("m1"));

        await changed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(conversation.Changed.IsCompleted);
    }

    [Fact]
    public void History_keeps_the_last_messages_and_forgets_older_ones()
    {
        var conversation = new Conversation("c", 2, 100, TimeProvider.System);
        conversation.Add(Message("m1", "one"));
        conversation.Add(Message("m2", "two"));
        conversation.Add(Message("m3", "three"));

        var snapshot = conversation.Snapshot(messages => new(messages, new(10, 2), "t", "a"));

        Assert.Contains("\"two\"", snapshot.Json, StringComparison.Ordinal);
        Assert.Contains("\"three\"", snapshot.Json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"one\"", snapshot.Json, StringComparison.Ordinal);
        Assert.False(conversation.Update("m1", m => m.Deleted = true));
        Assert.True(conversation.Update("m2", m => m.Deleted = true));
        Assert.Equal(3, snapshot.Sequence);
    }

    [Fact]
    public void Streamed_text_stops_growing_at_the_cap()
    {
        var message = Message("m");
        message.Append(new string('a', ChatMessage.MaxTextChars - 2));

        Assert.Equal("bb", message.Append("bbbb"));
        Assert.Equal("", message.Append("c"));
        Assert.Equal(ChatMessage.MaxTextChars, message.Text.Length);
    }

    [Fact]
    public void Inbound_typing_events_are_throttled()
    {
        var time = new FakeTimeProvider();
        var conversation = new Conversation("c", 10, 100, time);

        Assert.True(conversation.TryTypingSlot(TimeSpan.FromSeconds(3)));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(conversation.TryTypingSlot(TimeSpan.FromSeconds(3)));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(conversation.TryTypingSlot(TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void The_store_forgets_the_idlest_unwatched_conversation_when_full()
    {
        var time = new FakeTimeProvider();
        var store = new ConversationStore(10, 2, time);
        var watched = store.GetOrAdd("watched");
        Interlocked.Increment(ref watched.Watchers);
        time.Advance(TimeSpan.FromSeconds(1));
        var idle = store.GetOrAdd("idle");
        time.Advance(TimeSpan.FromSeconds(1));

        store.GetOrAdd("new");

        Assert.Equal(2, store.Count);
        Assert.Same(watched, store.Find("watched"));
        Assert.Null(store.Find("idle"));
        Assert.NotSame(idle, store.GetOrAdd("idle"));
    }
}
