using System.Buffers;
using System.Text.Json;

namespace LibreFang.Sidecar;

/// <summary>Fluent builder for <see cref="MessageEvent"/>.</summary>
/// <example><code>
/// var message = new MessageBuilder("42", "Alice").Content(Content.Text("hello")).ChannelId("-100123").Platform("telegram").Build();
/// </code></example>
/// <remarks>
/// The builder keeps plain fields and constructs the record once, in <see cref="Build"/>: adapters build one message
/// per platform update, and a record copy per setter would multiply the allocations of the hot path. The lists exist
/// only once something is added to them.
/// </remarks>
public sealed class MessageBuilder
{
    private readonly string _userId;
    private readonly string _userName;
    private string? _text;
    private Content? _content;
    private string? _messageId;
    private string? _channelId;
    private string? _platform;
    private string? _username;
    private string? _librefangUser;
    private bool _isGroup;
    private string? _threadId;
    private List<GroupMember>? _members;
    private List<GroupParticipant>? _participants;
    private List<MetadataEntry>? _metadata;

    /// <summary>Starts a message from a sender.</summary>
    public MessageBuilder(string userId, string userName)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(userName);
        _userId = userId;
        _userName = userName;
    }

    /// <summary>Sets the plain text (never overwritten by content mirroring).</summary>
    public MessageBuilder Text(string text) { _text = text; return this; }

    /// <summary>Sets the structured content.</summary>
    public MessageBuilder Content(Content content) { _content = content; return this; }

    /// <summary>Sets the platform message id.</summary>
    public MessageBuilder MessageId(string messageId) { _messageId = messageId; return this; }

    /// <summary>Sets the chat id.</summary>
    public MessageBuilder ChannelId(string channelId) { _channelId = channelId; return this; }

    /// <summary>Sets the platform name.</summary>
    public MessageBuilder Platform(string platform) { _platform = platform; return this; }

    /// <summary>Sets the sender's handle.</summary>
    public MessageBuilder Username(string username) { _username = username; return this; }

    /// <summary>Sets the LibreFang user id.</summary>
    public MessageBuilder LibrefangUser(string librefangUser) { _librefangUser = librefangUser; return this; }

    /// <summary>Marks the message as from a group chat (or not).</summary>
    public MessageBuilder IsGroup(bool isGroup = true) { _isGroup = isGroup; return this; }

    /// <summary>Sets the thread id.</summary>
    public MessageBuilder ThreadId(string threadId) { _threadId = threadId; return this; }

    /// <summary>Adds a group member.</summary>
    public MessageBuilder GroupMember(string userId, string displayName, string? username = null) { (_members ??= []).Add(new(userId, displayName, username)); return this; }

    /// <summary>Adds a participant reference.</summary>
    public MessageBuilder GroupParticipant(string jid, string displayName) { (_participants ??= []).Add(new(jid, displayName)); return this; }

    /// <summary>Adds a string metadata value.</summary>
    public MessageBuilder Metadata(string key, string value) => AddMetadata(key, w => w.WriteStringValue(value));

    /// <summary>Adds a number metadata value.</summary>
    public MessageBuilder Metadata(string key, long value) => AddMetadata(key, w => w.WriteNumberValue(value));

    /// <summary>Adds a number metadata value (must be finite).</summary>
    public MessageBuilder Metadata(string key, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "JSON has no NaN or infinity; the daemon would drop the whole message.");
        }
        return AddMetadata(key, w => w.WriteNumberValue(value));
    }

    /// <summary>Adds a boolean metadata value.</summary>
    public MessageBuilder Metadata(string key, bool value) => AddMetadata(key, w => w.WriteBooleanValue(value));

    /// <summary>Adds any JSON metadata value (arrays and objects included).</summary>
    public MessageBuilder Metadata(string key, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(key);
        (_metadata ??= []).Add(new(key, value.Clone()));
        return this;
    }

    /// <summary>Builds the event.</summary>
    /// <remarks>The builder stays usable: later calls do not change events already built.</remarks>
    public MessageEvent Build() => new(_userId, _userName)
    {
        Text = _text,
        Content = _content,
        MessageId = _messageId,
        ChannelId = _channelId,
        Platform = _platform,
        Username = _username,
        LibrefangUser = _librefangUser,
        IsGroup = _isGroup,
        ThreadId = _threadId,
        GroupMembers = _members,
        GroupParticipants = _participants,
        Metadata = _metadata,
    };

    private MessageBuilder AddMetadata(string key, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(key);
        var buffer = new ArrayBufferWriter<byte>(32);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        (_metadata ??= []).Add(new(key, document.RootElement.Clone()));
        return this;
    }
}
