using System.Text.Json;

namespace LibreFang.Sidecar;

/// <summary>An event the adapter writes to stdout for the daemon.</summary>
public abstract record SidecarEvent
{
    private protected SidecarEvent()
    {
    }

    /// <summary>The wire <c>method</c> string.</summary>
    public abstract string Method { get; }
}

/// <summary>
/// The adapter is up (<c>ready</c>). All six params are always written; lists are never <c>null</c>.
/// The daemon replaces its capability set on every <c>ready</c> and keeps <see cref="AccountId"/> from the first one only.
/// </summary>
public sealed record ReadyEvent : SidecarEvent
{
    /// <inheritdoc />
    public override string Method => "ready";

    /// <summary>Capability strings (see <see cref="Capabilities"/> for the known ones).</summary>
    public EquatableList<string> Capabilities { get; init; }

    /// <summary>Bot account id; written as <c>null</c> when absent.</summary>
    public string? AccountId { get; init; }

    /// <summary>Ask the daemon not to send error replies to users.</summary>
    public bool SuppressErrorResponses { get; init; }

    /// <summary>Users the daemon may notify proactively.</summary>
    public EquatableList<ChannelUser> NotificationRecipients { get; init; }

    /// <summary>Headers the daemon adds when fetching media from given hosts.</summary>
    public EquatableList<HeaderRule> HeaderRules { get; init; }

    /// <summary>Protocol version (currently 1); written as <c>null</c> when absent.</summary>
    public uint? ProtocolVersion { get; init; }
}

/// <summary>An inbound platform message (<c>message</c>). Build it with <see cref="MessageBuilder"/>.</summary>
/// <remarks>
/// Only set fields are written (never <c>null</c>); <c>is_group</c> only when true; the lists and metadata only when
/// non-empty. When <see cref="Text"/> is absent and <see cref="Content"/> is <see cref="TextContent"/>, its text is
/// mirrored into <c>text</c> on the wire.
/// </remarks>
public sealed record MessageEvent(string UserId, string UserName) : SidecarEvent
{
    /// <inheritdoc />
    public override string Method => "message";

    /// <summary>Plain text; see the remarks for mirroring.</summary>
    public string? Text { get; init; }

    /// <summary>Structured content.</summary>
    public Content? Content { get; init; }

    /// <summary>The platform's message id. Always set it: reactions and edits find the message by it.</summary>
    public string? MessageId { get; init; }

    /// <summary>The chat; for group chats it differs from <see cref="UserId"/>.</summary>
    public string? ChannelId { get; init; }

    /// <summary>Platform name.</summary>
    public string? Platform { get; init; }

    /// <summary>The sender's handle.</summary>
    public string? Username { get; init; }

    /// <summary>A LibreFang user id, when the adapter knows the mapping.</summary>
    public string? LibrefangUser { get; init; }

    /// <summary>True for group chats.</summary>
    public bool IsGroup { get; init; }

    /// <summary>Thread the message belongs to.</summary>
    public string? ThreadId { get; init; }

    /// <summary>Members of the group chat.</summary>
    public EquatableList<GroupMember> GroupMembers { get; init; }

    /// <summary>Participant references.</summary>
    public EquatableList<GroupParticipant> GroupParticipants { get; init; }

    /// <summary>Free-form metadata, in insertion order.</summary>
    public EquatableList<MetadataEntry> Metadata { get; init; }
}

/// <summary>One metadata key and its JSON value. Equality compares the JSON structurally.</summary>
public sealed record MetadataEntry(string Key, JsonElement Value)
{
    /// <inheritdoc />
    public bool Equals(MetadataEntry? other) => other is not null && Key == other.Key && JsonElement.DeepEquals(Value, other.Value);

    /// <inheritdoc />
    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);
}

/// <summary>Report a problem to the operator (<c>error</c>). The daemon shows only these, and keeps the last one.</summary>
public sealed record ErrorEvent(string Message) : SidecarEvent
{
    /// <inheritdoc />
    public override string Method => "error";
}

/// <summary>A user started or stopped typing (<c>typing</c>).</summary>
public sealed record TypingEvent(string UserId, string UserName, bool IsTyping) : SidecarEvent
{
    /// <inheritdoc />
    public override string Method => "typing";
}

/// <summary>A QR login code is ready to scan (<c>qr_ready</c>). Optionals are omitted, never <c>null</c>.</summary>
/// <param name="QrCode">The code payload.</param>
/// <param name="QrUrl">A URL that renders the code.</param>
/// <param name="Message">Text for the operator.</param>
/// <param name="ExpiresAt">Expiry, written as RFC 3339 in UTC.</param>
public sealed record QrReadyEvent(string QrCode, string? QrUrl = null, string? Message = null, DateTimeOffset? ExpiresAt = null) : SidecarEvent
{
    /// <inheritdoc />
    public override string Method => "qr_ready";
}

/// <summary>QR login progress (<c>qr_status</c>); <see cref="Status"/> is one of <see cref="QrStatuses"/>.</summary>
public sealed record QrStatusEvent(string Status, string? Message = null) : SidecarEvent
{
    /// <inheritdoc />
    public override string Method => "qr_status";
}

/// <summary>The <c>qr_status</c> values the daemon knows; any other string means failed.</summary>
public static class QrStatuses
{
    /// <summary>Waiting for a scan.</summary>
    public const string Pending = "pending";
    /// <summary>Scanned, awaiting confirmation.</summary>
    public const string Scanning = "scanning";
    /// <summary>Logged in.</summary>
    public const string Confirmed = "confirmed";
    /// <summary>The code expired.</summary>
    public const string Expired = "expired";
    /// <summary>Login failed.</summary>
    public const string Failed = "failed";
}
