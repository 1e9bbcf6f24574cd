namespace LibreFang.Sidecar;

/// <summary>A user as the daemon knows it. <c>librefang_user</c> is always written, as <c>null</c> when absent.</summary>
public sealed record ChannelUser(string PlatformId, string DisplayName, string? LibrefangUser = null);

/// <summary>A button. <c>style</c> and <c>url</c> are omitted from the wire when absent.</summary>
public sealed record InteractiveButton(string Label, string Action, string? Style = null, string? Url = null);

/// <summary>The payload of an <see cref="InteractiveCommand"/>: text and rows of buttons.</summary>
public sealed record InteractiveMessage(string Text, EquatableList<EquatableList<InteractiveButton>> Buttons);

/// <summary>A member of a group chat, reported with a <c>message</c> event.</summary>
public sealed record GroupMember(string UserId, string DisplayName, string? Username = null);

/// <summary>A participant reference (<c>jid</c>), reported with a <c>message</c> event.</summary>
public sealed record GroupParticipant(string Jid, string DisplayName);

/// <summary>Headers the daemon adds when it fetches media from <see cref="Host"/> (exact, lower-case host match).</summary>
public sealed record HeaderRule(string Host, EquatableList<HeaderValue> Headers);

/// <summary>One header of a <see cref="HeaderRule"/>.</summary>
public sealed record HeaderValue(string Name, string Value);
