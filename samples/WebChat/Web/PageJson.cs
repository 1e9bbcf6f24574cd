using System.Text.Json.Serialization;

namespace LibreFang.Samples.WebChat.Web;

// What the page sends and receives. Every type is listed in PageJson, so serialization is generated at compile time.

/// <summary>One chat message as the page draws it.</summary>
public sealed record MessageView(string Id, string Role, string Author, string Text, long Time)
{
    /// <summary>The id of the thread's first message, when this message is a reply in a thread.</summary>
    public string? ThreadId { get; init; }
    public AttachmentView? Attachment { get; init; }
    /// <summary>Rows of buttons (an <c>interactive</c> message).</summary>
    public IReadOnlyList<IReadOnlyList<ButtonView>>? Buttons { get; init; }
    /// <summary>The agent's phase on this (user) message, from <c>reaction</c> commands.</summary>
    public StatusView? Status { get; init; }
    /// <summary>Text still arriving (between <c>stream_start</c> and <c>stream_end</c>).</summary>
    public bool Streaming { get; init; }
    public bool Deleted { get; init; }
    public bool Edited { get; init; }
}

public sealed record ButtonView(string Label, string Action, string? Style, string? Url);

public sealed record StatusView(string Phase, string Reaction, string? Tool);

/// <summary>
/// Non-text content. <see cref="Url"/> is only ever an http(s) URL or the adapter's own file path; the page renders
/// everything else as text.
/// </summary>
public sealed record AttachmentView(string Kind, string Title)
{
    public string? Url { get; init; }
    public string? Caption { get; init; }
    /// <summary>The URL is one of the adapter's own files, fetched with the access token.</summary>
    public bool Download { get; init; }
    public IReadOnlyList<LinkView>? Items { get; init; }
}

public sealed record LinkView(string Title, string? Url);

public sealed record LimitsView(int MaxMessageChars, int History);

public sealed record SnapshotView(IReadOnlyList<MessageView> Messages, LimitsView Limits, string Title, string AgentName);

public sealed record DeltaView(string Id, string Text);

public sealed record TypingView(bool Active);

public sealed record ByeView(string Reason);

public sealed record PostMessageRequest(string Conversation, string UserId, string UserName, string Text, string? ThreadId);

public sealed record PostButtonRequest(string Conversation, string UserId, string UserName, string MessageId, string Action);

public sealed record PostTypingRequest(string Conversation, string UserId, string UserName);

public sealed record AcceptedResponse(string MessageId);

public sealed record ProblemResponse(string Error);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MessageView))]
[JsonSerializable(typeof(SnapshotView))]
[JsonSerializable(typeof(DeltaView))]
[JsonSerializable(typeof(TypingView))]
[JsonSerializable(typeof(ByeView))]
[JsonSerializable(typeof(PostMessageRequest))]
[JsonSerializable(typeof(PostButtonRequest))]
[JsonSerializable(typeof(PostTypingRequest))]
[JsonSerializable(typeof(AcceptedResponse))]
[JsonSerializable(typeof(ProblemResponse))]
public sealed partial class PageJson : JsonSerializerContext;
