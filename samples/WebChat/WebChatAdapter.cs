using System.Globalization;
using System.Net;
using LibreFang.Samples.WebChat.Chat;
using LibreFang.Samples.WebChat.Web;
using LibreFang.Sidecar;

namespace LibreFang.Samples.WebChat;

/// <summary>
/// A web chat served by the adapter itself: each browser conversation is a LibreFang channel. The producer runs the
/// HTTP server (the page, its event stream and its API); the command handlers put what the agent does on the page.
/// Every capability is declared: typing, reactions (the agent's phases), buttons, streaming, threads and the user's
/// own typing.
/// </summary>
[SidecarAdapter("webchat", DisplayName = "Web chat", Description = "A browser chat page served by the adapter",
    Capabilities = [LibreFang.Sidecar.Capabilities.Thread, LibreFang.Sidecar.Capabilities.TypingEvents])]
public sealed partial class WebChatAdapter
{
    /// <summary>Streams opened and never ended are forgotten past this many (the daemon abandons a stream on a failed write).</summary>
    private const int MaxOpenStreams = 256;
    private const int MaxConversations = 1000;
    private const long FileBudgetBytes = 32L * 1024 * 1024;

    private readonly SidecarLog _log = SidecarLog.Shared;
    private readonly Dictionary<string, (Conversation Conversation, string MessageId)> _streams = new(StringComparer.Ordinal);
    private readonly Queue<string> _streamOrder = new();
    private readonly string _idPrefix = "web-" + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString("x", CultureInfo.InvariantCulture) + "-";
    private ConversationStore? _store;
    private FileStore? _files;
    private long _messageCounter;

    [ConfigField("WEBCHAT_TOKEN", Label = "Access token (the page asks for it; at least 16 characters)", Type = FieldType.Secret)]
    public required string Token { get; init => field = ConfigCheck.Token("WEBCHAT_TOKEN", value); }

    [ConfigField("WEBCHAT_HOST", Label = "Address to listen on", Placeholder = "127.0.0.1")]
    public string Host { get; init => field = ConfigCheck.Address("WEBCHAT_HOST", value); } = "127.0.0.1";

    [ConfigField("WEBCHAT_PORT", Label = "Port (0: any free port, logged at start)", Placeholder = "8780")]
    public int Port { get; init => field = ConfigCheck.Range("WEBCHAT_PORT", value, 0, 65535); } = 8780;

    [ConfigField("WEBCHAT_ALLOWED_ORIGINS", Label = "Other origins the page is served from, behind a reverse proxy (https://chat.example.com)", Advanced = true)]
    public string[] AllowedOrigins { get; init => field = ConfigCheck.Origins("WEBCHAT_ALLOWED_ORIGINS", value); } = [];

    [ConfigField("WEBCHAT_TITLE", Label = "Page title", Placeholder = "LibreFang")]
    public string Title { get; init; } = "LibreFang";

    [ConfigField("WEBCHAT_AGENT_NAME", Label = "Name shown on the agent's messages", Placeholder = "Agent")]
    public string AgentName { get; init; } = "Agent";

    [ConfigField("WEBCHAT_HISTORY", Label = "Messages kept per conversation and replayed to a page that opens it", Placeholder = "100", Advanced = true)]
    public int History { get; init => field = ConfigCheck.Range("WEBCHAT_HISTORY", value, 1, 10_000); } = 100;

    [ConfigField("WEBCHAT_MAX_MESSAGE_CHARS", Label = "Longest message a user may send", Placeholder = "4000", Advanced = true)]
    public int MaxMessageChars { get; init => field = ConfigCheck.Range("WEBCHAT_MAX_MESSAGE_CHARS", value, 1, 100_000); } = 4000;

    [ConfigField("WEBCHAT_RATE_PER_MINUTE", Label = "Messages per minute per conversation, after the burst", Placeholder = "20", Advanced = true)]
    public double RatePerMinute { get; init => field = ConfigCheck.Positive("WEBCHAT_RATE_PER_MINUTE", value); } = 20;

    [ConfigField("WEBCHAT_RATE_BURST", Label = "Messages a conversation may send at once", Placeholder = "5", Advanced = true)]
    public int RateBurst { get; init => field = ConfigCheck.Range("WEBCHAT_RATE_BURST", value, 1, 1000); } = 5;

    internal ConversationStore Store => LazyInitializer.EnsureInitialized(ref _store, () => new ConversationStore(History, MaxConversations, TimeProvider.System));

    internal FileStore Files => LazyInitializer.EnsureInitialized(ref _files, () => new FileStore(FileBudgetBytes));

    internal string NextMessageId() => _idPrefix + Interlocked.Increment(ref _messageCounter).ToString(CultureInfo.InvariantCulture);

    internal static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private async Task ProduceAsync(IEventEmitter events, CancellationToken cancellationToken)
    {
        var server = new WebChatServer(this, events, _log);
        await server.RunAsync(new IPEndPoint(ConfigCheck.ParseAddress(Host), Port), cancellationToken);
    }

    [OnCommand]
    private void OnSend(SendCommand send)
    {
        var conversation = Store.GetOrAdd(send.ChannelId);
        switch (send.Content)
        {
            case DeleteMessageContent delete:
                if (!conversation.Update(delete.MessageId, m => m.Deleted = true))
                {
                    _log.Warn("delete: no such message in the conversation's history", ("channel_id", send.ChannelId), ("message_id", delete.MessageId));
                }
                return;
            case EditInteractiveContent edit:
                if (!conversation.Update(edit.MessageId, m =>
                    {
                        m.Text = edit.Text;
                        m.Buttons = ContentViews.Buttons(edit.Buttons);
                        m.Edited = true;
                    }))
                {
                    _log.Warn("edit: no such message in the conversation's history", ("channel_id", send.ChannelId), ("message_id", edit.MessageId));
                }
                return;
        }
        var (text, attachment) = ContentViews.Render(send, conversation.Id, Files);
        var message = new ChatMessage(NextMessageId(), ChatMessage.Agent, AgentName, Now())
        {
            Text = text,
            Attachment = attachment,
            ThreadId = send.ThreadId,
            Buttons = send.Content is InteractiveContent interactive ? ContentViews.Buttons(interactive.Buttons) : null,
        };
        conversation.Add(message);
    }

    [OnCommand]
    private void OnTyping(TypingCommand typing) => Store.GetOrAdd(typing.ChannelId).PublishTyping();

    [OnCommand]
    private void OnReaction(ReactionCommand reaction)
    {
        var status = new StatusView(reaction.Phase, reaction.Reaction, reaction.ToolName);
        if (!Store.GetOrAdd(reaction.ChannelId).Update(reaction.MessageId, m => m.Status = status))
        {
            _log.Warn("reaction for a message not in the conversation's history", ("channel_id", reaction.ChannelId), ("message_id", reaction.MessageId));
        }
    }

    [OnCommand]
    private void OnInteractive(InteractiveCommand interactive)
    {
        Store.GetOrAdd(interactive.ChannelId).Add(new ChatMessage(NextMessageId(), ChatMessage.Agent, AgentName, Now())
        {
            Text = interactive.Message.Text,
            Buttons = ContentViews.Buttons(interactive.Message.Buttons),
        });
    }

    [OnCommand]
    private void OnStreamStart(StreamStartCommand start)
    {
        var conversation = Store.GetOrAdd(start.ChannelId);
        var message = new ChatMessage(NextMessageId(), ChatMessage.Agent, AgentName, Now()) { ThreadId = start.ThreadId, Streaming = true };
        conversation.Add(message);
        if (_streams.TryAdd(start.StreamId, (conversation, message.Id)))
        {
            _streamOrder.Enqueue(start.StreamId);
        }
        else
        {
            _streams[start.StreamId] = (conversation, message.Id);
        }
        while (_streams.Count > MaxOpenStreams && _streamOrder.TryDequeue(out var oldest))
        {
            _streams.Remove(oldest);
        }
    }

    [OnCommand]
    private void OnStreamDelta(StreamDeltaCommand delta)
    {
        if (!_streams.TryGetValue(delta.StreamId, out var stream) || !stream.Conversation.AppendDelta(stream.MessageId, delta.Text))
        {
            _log.Warn("stream_delta for a stream that is not open", ("stream_id", delta.StreamId));
        }
    }

    [OnCommand]
    private void OnStreamEnd(StreamEndCommand end)
    {
        if (!_streams.Remove(end.StreamId, out var stream))
        {
            _log.Warn("stream_end for a stream that is not open", ("stream_id", end.StreamId));
            return;
        }
        stream.Conversation.Update(stream.MessageId, m => m.Streaming = false);
    }
}
