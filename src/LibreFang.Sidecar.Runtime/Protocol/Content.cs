namespace LibreFang.Sidecar;

/// <summary>
/// Message content (the daemon's <c>ChannelContent</c>), externally tagged on the wire: <c>{"Text":"hi"}</c>,
/// <c>{"Image":{...}}</c>. The static methods are the builders; each variant is also a public record.
/// </summary>
public abstract record Content
{
    private protected Content()
    {
    }

    /// <summary>The wire tag (<c>Text</c>, <c>Image</c>, ...).</summary>
    public abstract string Variant { get; }

    /// <summary><c>{"Text": text}</c>.</summary>
    public static TextContent Text(string text) => new(text);

    /// <summary><c>{"Image": {url, caption|null, mime_type|null}}</c>.</summary>
    public static ImageContent Image(string url, string? caption = null, string? mimeType = null) => new(url, caption, mimeType);

    /// <summary><c>{"File": {url, filename}}</c>.</summary>
    public static FileContent File(string url, string filename) => new(url, filename);

    /// <summary><c>{"FileData": {data: [bytes as numbers], filename, mime_type}}</c>.</summary>
    public static FileDataContent FileData(ReadOnlyMemory<byte> data, string filename, string mimeType) => new(data, filename, mimeType);

    /// <summary><c>{"Voice": {url, caption|null, duration_seconds}}</c>.</summary>
    public static VoiceContent Voice(string url, string? caption = null, uint durationSeconds = 0) => new(url, caption, durationSeconds);

    /// <summary><c>{"Video": {url, caption|null, duration_seconds, filename|null}}</c>.</summary>
    public static VideoContent Video(string url, string? caption = null, uint durationSeconds = 0, string? filename = null) => new(url, caption, durationSeconds, filename);

    /// <summary><c>{"Location": {lat, lon}}</c> (always written as floating point).</summary>
    public static LocationContent Location(double lat, double lon) => new(lat, lon);

    /// <summary><c>{"Command": {name, args}}</c>; <c>args</c> is always written.</summary>
    public static CommandContent Command(string name, params string[] args) => new(name, args);

    /// <summary><c>{"Interactive": {text, buttons: [[button...]...]}}</c>.</summary>
    public static InteractiveContent Interactive(string text, EquatableList<EquatableList<InteractiveButton>> buttons) => new(text, buttons);

    /// <summary><c>{"ButtonCallback": {action, message_text|null}}</c>.</summary>
    public static ButtonCallbackContent ButtonCallback(string action, string? messageText = null) => new(action, messageText);

    /// <summary><c>{"DeleteMessage": {message_id}}</c>.</summary>
    public static DeleteMessageContent DeleteMessage(string messageId) => new(messageId);

    /// <summary><c>{"EditInteractive": {message_id, text, buttons}}</c>.</summary>
    public static EditInteractiveContent EditInteractive(string messageId, string text, EquatableList<EquatableList<InteractiveButton>> buttons) => new(messageId, text, buttons);

    /// <summary><c>{"Audio": {url, caption|null, duration_seconds, title?, performer?}}</c>.</summary>
    public static AudioContent Audio(string url, string? caption = null, uint durationSeconds = 0, string? title = null, string? performer = null) => new(url, caption, durationSeconds, title, performer);

    /// <summary><c>{"Animation": {url, caption|null, duration_seconds}}</c>.</summary>
    public static AnimationContent Animation(string url, string? caption = null, uint durationSeconds = 0) => new(url, caption, durationSeconds);

    /// <summary><c>{"Sticker": {file_id}}</c>.</summary>
    public static StickerContent Sticker(string fileId) => new(fileId);

    /// <summary><c>{"MediaGroup": {items}}</c>; build items with <see cref="MediaGroupItem.Photo"/> and <see cref="MediaGroupItem.Video"/>.</summary>
    public static MediaGroupContent MediaGroup(params MediaGroupItem[] items) => new(items);

    /// <summary><c>{"Poll": {question, options, is_quiz, correct_option_id?, explanation?}}</c>.</summary>
    public static PollContent Poll(string question, EquatableList<string> options, bool isQuiz = false, byte? correctOptionId = null, string? explanation = null) => new(question, options, isQuiz, correctOptionId, explanation);

    /// <summary><c>{"PollAnswer": {poll_id, option_ids}}</c>.</summary>
    public static PollAnswerContent PollAnswer(string pollId, params byte[] optionIds) => new(pollId, optionIds);

    /// <summary>A button for <see cref="Interactive"/> and <see cref="EditInteractive"/>.</summary>
    public static InteractiveButton Button(string label, string action, string? style = null, string? url = null) => new(label, action, style, url);
}

/// <summary>Plain text.</summary>
public sealed record TextContent(string Text) : Content
{
    // Declared explicitly: it hides the inherited Content.Text builder.
    /// <summary>The text.</summary>
    public new string Text { get; init; } = Text;

    /// <inheritdoc />
    public override string Variant => "Text";
}

/// <summary>An image by URL.</summary>
public sealed record ImageContent(string Url, string? Caption = null, string? MimeType = null) : Content
{
    /// <inheritdoc />
    public override string Variant => "Image";
}

/// <summary>A file by URL.</summary>
public sealed record FileContent(string Url, string Filename) : Content
{
    /// <inheritdoc />
    public override string Variant => "File";
}

/// <summary>File bytes inline (a JSON array of byte numbers on the wire, not base64).</summary>
public sealed record FileDataContent(ReadOnlyMemory<byte> Data, string Filename, string MimeType) : Content
{
    /// <inheritdoc />
    public override string Variant => "FileData";

    /// <inheritdoc />
    public bool Equals(FileDataContent? other) =>
        other is not null && Filename == other.Filename && MimeType == other.MimeType && Data.Span.SequenceEqual(other.Data.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Filename, MimeType, Data.Length);
}

/// <summary>A voice note.</summary>
public sealed record VoiceContent(string Url, string? Caption = null, uint DurationSeconds = 0) : Content
{
    /// <inheritdoc />
    public override string Variant => "Voice";
}

/// <summary>A video.</summary>
public sealed record VideoContent(string Url, string? Caption = null, uint DurationSeconds = 0, string? Filename = null) : Content
{
    /// <inheritdoc />
    public override string Variant => "Video";
}

/// <summary>A geographic location.</summary>
public sealed record LocationContent(double Lat, double Lon) : Content
{
    /// <inheritdoc />
    public override string Variant => "Location";
}

/// <summary>A bot command with arguments.</summary>
public sealed record CommandContent(string Name, EquatableList<string> Args) : Content
{
    /// <inheritdoc />
    public override string Variant => "Command";
}

/// <summary>Text with rows of buttons.</summary>
public sealed record InteractiveContent(string Text, EquatableList<EquatableList<InteractiveButton>> Buttons) : Content
{
    // Declared explicitly: it hides the inherited Content.Text builder.
    /// <summary>The text.</summary>
    public new string Text { get; init; } = Text;

    /// <inheritdoc />
    public override string Variant => "Interactive";
}

/// <summary>A button press.</summary>
public sealed record ButtonCallbackContent(string Action, string? MessageText = null) : Content
{
    /// <inheritdoc />
    public override string Variant => "ButtonCallback";
}

/// <summary>Delete a message.</summary>
public sealed record DeleteMessageContent(string MessageId) : Content
{
    /// <inheritdoc />
    public override string Variant => "DeleteMessage";
}

/// <summary>Edit an interactive message in place.</summary>
public sealed record EditInteractiveContent(string MessageId, string Text, EquatableList<EquatableList<InteractiveButton>> Buttons) : Content
{
    // Declared explicitly: it hides the inherited Content.Text builder.
    /// <summary>The text.</summary>
    public new string Text { get; init; } = Text;

    /// <inheritdoc />
    public override string Variant => "EditInteractive";
}

/// <summary>An audio track. <c>title</c> and <c>performer</c> are omitted from the wire when absent.</summary>
public sealed record AudioContent(string Url, string? Caption = null, uint DurationSeconds = 0, string? Title = null, string? Performer = null) : Content
{
    /// <inheritdoc />
    public override string Variant => "Audio";
}

/// <summary>An animation (GIF-like).</summary>
public sealed record AnimationContent(string Url, string? Caption = null, uint DurationSeconds = 0) : Content
{
    /// <inheritdoc />
    public override string Variant => "Animation";
}

/// <summary>A sticker by platform file id.</summary>
public sealed record StickerContent(string FileId) : Content
{
    /// <inheritdoc />
    public override string Variant => "Sticker";
}

/// <summary>An album of photos and videos.</summary>
public sealed record MediaGroupContent(EquatableList<MediaGroupItem> Items) : Content
{
    /// <inheritdoc />
    public override string Variant => "MediaGroup";
}

/// <summary>A poll. <c>correct_option_id</c> and <c>explanation</c> are omitted from the wire when absent.</summary>
public sealed record PollContent(string Question, EquatableList<string> Options, bool IsQuiz = false, byte? CorrectOptionId = null, string? Explanation = null) : Content
{
    /// <inheritdoc />
    public override string Variant => "Poll";
}

/// <summary>An answer to a poll.</summary>
public sealed record PollAnswerContent(string PollId, EquatableList<byte> OptionIds) : Content
{
    /// <inheritdoc />
    public override string Variant => "PollAnswer";
}

/// <summary>A content variant this runtime does not know (a newer daemon); kept as raw JSON so nothing is lost.</summary>
/// <param name="Variant">The tag.</param>
/// <param name="RawJson">The whole externally tagged object, as JSON text.</param>
public sealed record UnknownContent(string Variant, string RawJson) : Content
{
    /// <inheritdoc />
    public override string Variant { get; } = Variant;
}

/// <summary>An item of a <see cref="MediaGroupContent"/>: <c>{"Photo":{url, caption|null}}</c> or <c>{"Video":{url, caption|null, duration_seconds}}</c>.</summary>
public abstract record MediaGroupItem
{
    private protected MediaGroupItem()
    {
    }

    /// <summary>A photo item.</summary>
    public static PhotoItem Photo(string url, string? caption = null) => new(url, caption);

    /// <summary>A video item.</summary>
    public static VideoItem Video(string url, string? caption = null, uint durationSeconds = 0) => new(url, caption, durationSeconds);
}

/// <summary>A photo in a media group.</summary>
public sealed record PhotoItem(string Url, string? Caption = null) : MediaGroupItem;

/// <summary>A video in a media group.</summary>
public sealed record VideoItem(string Url, string? Caption = null, uint DurationSeconds = 0) : MediaGroupItem;
