using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace LibreFang.Sidecar.Protocol;

/// <summary>
/// Writes protocol JSON with <see cref="Utf8JsonWriter"/>: compact, non-ASCII raw, keys in the corpus order, and the
/// daemon's null-versus-omit rules (docs/protocol.md). No reflection.
/// </summary>
public static class WireFormat
{
    /// <summary>The writer options every frame uses (compact, raw UTF-8, no validation overhead beyond structure).</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = RawUtf8JsonEncoder.Instance, Indented = false };

    /// <summary>An event as UTF-8 JSON (no newline).</summary>
    public static byte[] EventToUtf8(SidecarEvent sidecarEvent) => ToUtf8(sidecarEvent, static (w, e) => WriteEvent(w, e));

    /// <summary>An event as one stdout frame: UTF-8 JSON and the terminating newline, in one exact-size array.</summary>
    internal static byte[] EventToFrame(SidecarEvent sidecarEvent) => ToUtf8(sidecarEvent, static (w, e) => WriteEvent(w, e), newline: true);

    /// <summary>A command as UTF-8 JSON (no newline), exactly as the daemon writes it.</summary>
    public static byte[] CommandToUtf8(Command command) => ToUtf8(command, static (w, c) => WriteCommand(w, c));

    /// <summary>A schema as UTF-8 JSON (no newline).</summary>
    public static byte[] SchemaToUtf8(Schema schema) => ToUtf8(schema, static (w, s) => WriteSchema(w, s));

    /// <summary>An event as a JSON string (no newline).</summary>
    public static string EventToJson(SidecarEvent sidecarEvent) => System.Text.Encoding.UTF8.GetString(EventToUtf8(sidecarEvent));

    /// <summary>A command as a JSON string (no newline).</summary>
    public static string CommandToJson(Command command) => System.Text.Encoding.UTF8.GetString(CommandToUtf8(command));

    /// <summary>Writes an event object.</summary>
    public static void WriteEvent(Utf8JsonWriter writer, SidecarEvent sidecarEvent)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(sidecarEvent);
        writer.WriteStartObject();
        writer.WriteString("method"u8, sidecarEvent.Method);
        writer.WritePropertyName("params"u8);
        writer.WriteStartObject();
        switch (sidecarEvent)
        {
            case ReadyEvent ready:
                writer.WriteStartArray("capabilities"u8);
                foreach (var capability in ready.Capabilities)
                {
                    writer.WriteStringValue(capability);
                }
                writer.WriteEndArray();
                WriteStringOrNull(writer, "account_id"u8, ready.AccountId);
                writer.WriteBoolean("suppress_error_responses"u8, ready.SuppressErrorResponses);
                writer.WriteStartArray("notification_recipients"u8);
                foreach (var recipient in ready.NotificationRecipients)
                {
                    WriteChannelUser(writer, recipient);
                }
                writer.WriteEndArray();
                writer.WriteStartArray("header_rules"u8);
                foreach (var rule in ready.HeaderRules)
                {
                    writer.WriteStartArray();
                    writer.WriteStringValue(rule.Host);
                    writer.WriteStartArray();
                    foreach (var header in rule.Headers)
                    {
                        writer.WriteStartArray();
                        writer.WriteStringValue(header.Name);
                        writer.WriteStringValue(header.Value);
                        writer.WriteEndArray();
                    }
                    writer.WriteEndArray();
                    writer.WriteEndArray();
                }
                writer.WriteEndArray();
                if (ready.ProtocolVersion is { } version)
                {
                    writer.WriteNumber("protocol_version"u8, version);
                }
                else
                {
                    writer.WriteNull("protocol_version"u8);
                }
                break;
            case MessageEvent message:
                WriteMessageParams(writer, message);
                break;
            case ErrorEvent error:
                writer.WriteString("message"u8, error.Message);
                break;
            case TypingEvent typing:
                writer.WriteString("user_id"u8, typing.UserId);
                writer.WriteString("user_name"u8, typing.UserName);
                writer.WriteBoolean("is_typing"u8, typing.IsTyping);
                break;
            case QrReadyEvent qr:
                writer.WriteString("qr_code"u8, qr.QrCode);
                WriteStringIfSet(writer, "qr_url"u8, qr.QrUrl);
                WriteStringIfSet(writer, "message"u8, qr.Message);
                if (qr.ExpiresAt is { } expires)
                {
                    writer.WriteString("expires_at"u8, FormatRfc3339(expires));
                }
                break;
            case QrStatusEvent status:
                writer.WriteString("status"u8, status.Status);
                WriteStringIfSet(writer, "message"u8, status.Message);
                break;
            default:
                throw new ArgumentException($"unknown event type {sidecarEvent.GetType()}", nameof(sidecarEvent));
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Writes a command object the way the daemon does (its skip rules included).</summary>
    public static void WriteCommand(Utf8JsonWriter writer, Command command)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(command);
        if (command is UnknownCommand unknown)
        {
            writer.WriteRawValue(unknown.RawFrame, skipInputValidation: false);
            return;
        }
        writer.WriteStartObject();
        writer.WriteString("method"u8, command.Method);
        switch (command)
        {
            case ReadyAckCommand or ShutdownCommand or HeartbeatCommand:
                break;
            case SendCommand send:
                writer.WriteStartObject("params"u8);
                writer.WriteString("channel_id"u8, send.ChannelId);
                writer.WriteString("text"u8, send.Text);
                if (send.Content is not null)
                {
                    writer.WritePropertyName("content"u8);
                    WriteContent(writer, send.Content);
                }
                WriteStringIfSet(writer, "thread_id"u8, send.ThreadId);
                writer.WritePropertyName("user"u8);
                WriteChannelUser(writer, send.User);
                writer.WriteEndObject();
                break;
            case TypingCommand typing:
                writer.WriteStartObject("params"u8);
                writer.WriteString("channel_id"u8, typing.ChannelId);
                writer.WriteEndObject();
                break;
            case ReactionCommand reaction:
                writer.WriteStartObject("params"u8);
                writer.WriteString("channel_id"u8, reaction.ChannelId);
                writer.WriteString("message_id"u8, reaction.MessageId);
                writer.WriteString("reaction"u8, reaction.Reaction);
                if (reaction.Phase.Length > 0)
                {
                    writer.WriteString("phase"u8, reaction.Phase);
                }
                WriteStringIfSet(writer, "tool_name"u8, reaction.ToolName);
                writer.WriteEndObject();
                break;
            case InteractiveCommand interactive:
                writer.WriteStartObject("params"u8);
                writer.WriteString("channel_id"u8, interactive.ChannelId);
                writer.WriteStartObject("message"u8);
                writer.WriteString("text"u8, interactive.Message.Text);
                WriteButtons(writer, interactive.Message.Buttons);
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case StreamStartCommand start:
                writer.WriteStartObject("params"u8);
                writer.WriteString("channel_id"u8, start.ChannelId);
                writer.WriteString("stream_id"u8, start.StreamId);
                WriteStringIfSet(writer, "thread_id"u8, start.ThreadId);
                writer.WriteEndObject();
                break;
            case StreamDeltaCommand delta:
                writer.WriteStartObject("params"u8);
                writer.WriteString("stream_id"u8, delta.StreamId);
                writer.WriteString("text"u8, delta.Text);
                writer.WriteEndObject();
                break;
            case StreamEndCommand end:
                writer.WriteStartObject("params"u8);
                writer.WriteString("stream_id"u8, end.StreamId);
                writer.WriteEndObject();
                break;
            default:
                throw new ArgumentException($"unknown command type {command.GetType()}", nameof(command));
        }
        writer.WriteEndObject();
    }

    /// <summary>Writes a schema object: the first six field keys always, <c>options</c> only when set.</summary>
    public static void WriteSchema(Utf8JsonWriter writer, Schema schema)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(schema);
        writer.WriteStartObject();
        writer.WriteString("name"u8, schema.Name);
        writer.WriteString("display_name"u8, schema.DisplayName);
        writer.WriteString("description"u8, schema.Description);
        writer.WriteStartArray("fields"u8);
        foreach (var field in schema.Fields)
        {
            writer.WriteStartObject();
            writer.WriteString("key"u8, field.Key);
            writer.WriteString("label"u8, field.Label);
            writer.WriteString("type"u8, FieldTypeName(field.Type));
            writer.WriteBoolean("required"u8, field.Required);
            writer.WriteString("placeholder"u8, field.Placeholder ?? "");
            writer.WriteBoolean("advanced"u8, field.Advanced);
            if (field.Options is { } options)
            {
                writer.WriteStartArray("options"u8);
                foreach (var option in options)
                {
                    writer.WriteStringValue(option);
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Writes a content value, externally tagged, with the upstream null-versus-omit rules.</summary>
    public static void WriteContent(Utf8JsonWriter writer, Content content)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(content);
        if (content is UnknownContent unknown)
        {
            writer.WriteRawValue(unknown.RawJson, skipInputValidation: false);
            return;
        }
        writer.WriteStartObject();
        if (content is TextContent text)
        {
            writer.WriteString("Text"u8, text.Text);
            writer.WriteEndObject();
            return;
        }
        writer.WritePropertyName(content.Variant);
        writer.WriteStartObject();
        switch (content)
        {
            case ImageContent image:
                writer.WriteString("url"u8, image.Url);
                WriteStringOrNull(writer, "caption"u8, image.Caption);
                WriteStringOrNull(writer, "mime_type"u8, image.MimeType);
                break;
            case FileContent file:
                writer.WriteString("url"u8, file.Url);
                writer.WriteString("filename"u8, file.Filename);
                break;
            case FileDataContent data:
                writer.WriteStartArray("data"u8);
                foreach (var b in data.Data.Span)
                {
                    writer.WriteNumberValue(b);
                }
                writer.WriteEndArray();
                writer.WriteString("filename"u8, data.Filename);
                writer.WriteString("mime_type"u8, data.MimeType);
                break;
            case VoiceContent voice:
                writer.WriteString("url"u8, voice.Url);
                WriteStringOrNull(writer, "caption"u8, voice.Caption);
                writer.WriteNumber("duration_seconds"u8, voice.DurationSeconds);
                break;
            case VideoContent video:
                writer.WriteString("url"u8, video.Url);
                WriteStringOrNull(writer, "caption"u8, video.Caption);
                writer.WriteNumber("duration_seconds"u8, video.DurationSeconds);
                WriteStringOrNull(writer, "filename"u8, video.Filename);
                break;
            case LocationContent location:
                WriteDouble(writer, "lat"u8, location.Lat);
                WriteDouble(writer, "lon"u8, location.Lon);
                break;
            case CommandContent cmd:
                writer.WriteString("name"u8, cmd.Name);
                writer.WriteStartArray("args"u8);
                foreach (var arg in cmd.Args)
                {
                    writer.WriteStringValue(arg);
                }
                writer.WriteEndArray();
                break;
            case InteractiveContent interactive:
                writer.WriteString("text"u8, interactive.Text);
                WriteButtons(writer, interactive.Buttons);
                break;
            case ButtonCallbackContent callback:
                writer.WriteString("action"u8, callback.Action);
                WriteStringOrNull(writer, "message_text"u8, callback.MessageText);
                break;
            case DeleteMessageContent delete:
                writer.WriteString("message_id"u8, delete.MessageId);
                break;
            case EditInteractiveContent edit:
                writer.WriteString("message_id"u8, edit.MessageId);
                writer.WriteString("text"u8, edit.Text);
                WriteButtons(writer, edit.Buttons);
                break;
            case AudioContent audio:
                writer.WriteString("url"u8, audio.Url);
                WriteStringOrNull(writer, "caption"u8, audio.Caption);
                writer.WriteNumber("duration_seconds"u8, audio.DurationSeconds);
                WriteStringIfSet(writer, "title"u8, audio.Title);
                WriteStringIfSet(writer, "performer"u8, audio.Performer);
                break;
            case AnimationContent animation:
                writer.WriteString("url"u8, animation.Url);
                WriteStringOrNull(writer, "caption"u8, animation.Caption);
                writer.WriteNumber("duration_seconds"u8, animation.DurationSeconds);
                break;
            case StickerContent sticker:
                writer.WriteString("file_id"u8, sticker.FileId);
                break;
            case MediaGroupContent group:
                writer.WriteStartArray("items"u8);
                foreach (var item in group.Items)
                {
                    WriteMediaGroupItem(writer, item);
                }
                writer.WriteEndArray();
                break;
            case PollContent poll:
                writer.WriteString("question"u8, poll.Question);
                writer.WriteStartArray("options"u8);
                foreach (var option in poll.Options)
                {
                    writer.WriteStringValue(option);
                }
                writer.WriteEndArray();
                writer.WriteBoolean("is_quiz"u8, poll.IsQuiz);
                if (poll.CorrectOptionId is { } correct)
                {
                    writer.WriteNumber("correct_option_id"u8, correct);
                }
                WriteStringIfSet(writer, "explanation"u8, poll.Explanation);
                break;
            case PollAnswerContent answer:
                writer.WriteString("poll_id"u8, answer.PollId);
                writer.WriteStartArray("option_ids"u8);
                foreach (var id in answer.OptionIds)
                {
                    writer.WriteNumberValue(id);
                }
                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"unknown content type {content.GetType()}", nameof(content));
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The lower-case wire name of a field type.</summary>
    public static string FieldTypeName(FieldType type) => type switch
    {
        FieldType.Text => "text",
        FieldType.Secret => "secret",
        FieldType.Number => "number",
        FieldType.List => "list",
        FieldType.Bool => "bool",
        FieldType.Select => "select",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown field type"),
    };

    /// <summary>RFC 3339 in UTC with a <c>Z</c>; fractional seconds only when non-zero.</summary>
    public static string FormatRfc3339(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        return utc.Ticks % TimeSpan.TicksPerSecond == 0
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
    }

    private static void WriteMessageParams(Utf8JsonWriter writer, MessageEvent message)
    {
        writer.WriteString("user_id"u8, message.UserId);
        writer.WriteString("user_name"u8, message.UserName);
        if (message.Text is not null)
        {
            writer.WriteString("text"u8, message.Text);
        }
        WriteStringIfSet(writer, "message_id"u8, message.MessageId);
        if (message.Content is not null)
        {
            writer.WritePropertyName("content"u8);
            WriteContent(writer, message.Content);
            // Older daemons read only "text": mirror plain-text content, never overwriting an explicit text.
            if (message.Text is null && message.Content is TextContent mirrored)
            {
                writer.WriteString("text"u8, mirrored.Text);
            }
        }
        WriteStringIfSet(writer, "channel_id"u8, message.ChannelId);
        WriteStringIfSet(writer, "platform"u8, message.Platform);
        WriteStringIfSet(writer, "username"u8, message.Username);
        WriteStringIfSet(writer, "librefang_user"u8, message.LibrefangUser);
        if (message.IsGroup)
        {
            writer.WriteBoolean("is_group"u8, true);
        }
        WriteStringIfSet(writer, "thread_id"u8, message.ThreadId);
        if (!message.GroupMembers.IsEmpty)
        {
            writer.WriteStartArray("group_members"u8);
            foreach (var member in message.GroupMembers)
            {
                writer.WriteStartObject();
                writer.WriteString("user_id"u8, member.UserId);
                writer.WriteString("display_name"u8, member.DisplayName);
                WriteStringIfSet(writer, "username"u8, member.Username);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        if (!message.GroupParticipants.IsEmpty)
        {
            writer.WriteStartArray("group_participants"u8);
            foreach (var participant in message.GroupParticipants)
            {
                writer.WriteStartObject();
                writer.WriteString("jid"u8, participant.Jid);
                writer.WriteString("display_name"u8, participant.DisplayName);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        if (!message.Metadata.IsEmpty)
        {
            writer.WriteStartObject("metadata"u8);
            foreach (var entry in message.Metadata)
            {
                writer.WritePropertyName(entry.Key);
                entry.Value.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
    }

    private static void WriteMediaGroupItem(Utf8JsonWriter writer, MediaGroupItem item)
    {
        writer.WriteStartObject();
        switch (item)
        {
            case PhotoItem photo:
                writer.WriteStartObject("Photo"u8);
                writer.WriteString("url"u8, photo.Url);
                WriteStringOrNull(writer, "caption"u8, photo.Caption);
                writer.WriteEndObject();
                break;
            case VideoItem video:
                writer.WriteStartObject("Video"u8);
                writer.WriteString("url"u8, video.Url);
                WriteStringOrNull(writer, "caption"u8, video.Caption);
                writer.WriteNumber("duration_seconds"u8, video.DurationSeconds);
                writer.WriteEndObject();
                break;
            default:
                throw new ArgumentException($"unknown media group item {item.GetType()}", nameof(item));
        }
        writer.WriteEndObject();
    }

    private static void WriteButtons(Utf8JsonWriter writer, EquatableList<EquatableList<InteractiveButton>> rows)
    {
        writer.WriteStartArray("buttons"u8);
        foreach (var row in rows)
        {
            writer.WriteStartArray();
            foreach (var button in row)
            {
                writer.WriteStartObject();
                writer.WriteString("label"u8, button.Label);
                writer.WriteString("action"u8, button.Action);
                WriteStringIfSet(writer, "style"u8, button.Style);
                WriteStringIfSet(writer, "url"u8, button.Url);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
    }

    private static void WriteChannelUser(Utf8JsonWriter writer, ChannelUser user)
    {
        writer.WriteStartObject();
        writer.WriteString("platform_id"u8, user.PlatformId);
        writer.WriteString("display_name"u8, user.DisplayName);
        WriteStringOrNull(writer, "librefang_user"u8, user.LibrefangUser);
        writer.WriteEndObject();
    }

    private static void WriteDouble(Utf8JsonWriter writer, ReadOnlySpan<byte> name, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"{System.Text.Encoding.UTF8.GetString(name)} must be finite (JSON has no NaN or infinity); got {value}");
        }
        // Always a floating-point literal (1.0, not 1): the daemon compares with serde's f64.
        writer.WritePropertyName(name);
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (!text.Contains('.') && !text.Contains('E'))
        {
            text += ".0";
        }
        writer.WriteRawValue(text, skipInputValidation: true);
    }

    private static void WriteStringOrNull(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteStringIfSet(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    // Every emitted event is serialized here, so the scratch buffer and writer are kept per thread and reset, not
    // allocated per frame; the only allocation left is the exact-size result. A nested call (none today) would find
    // the slot empty and use its own pair. A scratch buffer that grew past the cap is dropped instead of kept.
    private const int ScratchCap = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_scratch;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>
    /// Serializes <paramref name="sidecarEvent"/> as one frame (newline included) into the calling thread's scratch
    /// buffer and offers it to <paramref name="sink"/>. Returns null when the sink took all of it, otherwise what it did
    /// not take, as a new array: a frame written at once costs no allocation.
    /// </summary>
    internal static byte[]? OfferFrame(SidecarEvent sidecarEvent, Stdio.IWriteWithoutWaiting sink)
    {
        var (buffer, writer) = TakeScratch();
        try
        {
            WriteEvent(writer, sidecarEvent);
            writer.Flush();
            buffer.GetSpan(1)[0] = (byte)'\n';
            buffer.Advance(1);
            var written = sink.WriteWithoutWaiting(buffer.WrittenSpan);
            return written == buffer.WrittenCount ? null : buffer.WrittenSpan[written..].ToArray();
        }
        finally
        {
            GiveBackScratch(buffer, writer);
        }
    }

    /// <summary>The calling thread's scratch buffer and writer, taken (a nested call makes its own) and reset.</summary>
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer) TakeScratch()
    {
        var buffer = t_scratch ?? new ArrayBufferWriter<byte>(1024);
        var writer = t_writer ?? new Utf8JsonWriter(buffer, WriterOptions);
        t_scratch = null;
        t_writer = null;
        writer.Reset(buffer);
        return (buffer, writer);
    }

    /// <summary>Keeps the scratch pair for the thread's next frame, unless a large frame grew the buffer past the cap.</summary>
    private static void GiveBackScratch(ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer)
    {
        buffer.ResetWrittenCount();
        if (buffer.Capacity <= ScratchCap)
        {
            t_scratch = buffer;
            t_writer = writer;
        }
    }

    private static byte[] ToUtf8<T>(T value, Action<Utf8JsonWriter, T> write, bool newline = false)
    {
        var (buffer, writer) = TakeScratch();
        try
        {
            write(writer, value);
            writer.Flush();
            var written = buffer.WrittenSpan;
            var result = GC.AllocateUninitializedArray<byte>(written.Length + (newline ? 1 : 0));
            written.CopyTo(result);
            if (newline)
            {
                result[^1] = (byte)'\n';
            }
            return result;
        }
        finally
        {
            GiveBackScratch(buffer, writer);
        }
    }
}
