using System.Text;
using System.Text.Json;

namespace LibreFang.Sidecar.Protocol;

/// <summary>
/// Reads <c>ChannelContent</c> (externally tagged) strictly: exactly one key, every non-optional field present and of
/// its type, durations as u32 and poll option ids as u8. An unknown tag is kept as <see cref="UnknownContent"/>.
/// </summary>
internal static class ContentReader
{
    /// <summary>Reads a content value; <paramref name="reader"/> is on its first token and ends on its last.</summary>
    public static Content Read(ref Utf8JsonReader reader, ReadOnlySpan<byte> source, FieldPath path)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw path.Error($"must be an object with one variant key such as {{\"Text\":...}}, got {JsonTokens.Kind(reader.TokenType)}");
        }
        var start = (int)reader.TokenStartIndex;
        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
        {
            throw path.Error("must have exactly one variant key, got none");
        }
        var tag = path.String(ref reader);
        reader.Read();
        var variant = path.Child(tag);
        Content content = tag switch
        {
            "Text" => new TextContent(String(ref reader, variant)),
            "Image" => ReadImage(ref reader, variant),
            "File" => ReadFile(ref reader, variant),
            "FileData" => ReadFileData(ref reader, variant),
            "Voice" => ReadVoice(ref reader, variant),
            "Video" => ReadVideo(ref reader, variant),
            "Location" => ReadLocation(ref reader, variant),
            "Command" => ReadCommand(ref reader, variant),
            "Interactive" => ReadInteractive(ref reader, variant),
            "ButtonCallback" => ReadButtonCallback(ref reader, variant),
            "DeleteMessage" => ReadDeleteMessage(ref reader, variant),
            "EditInteractive" => ReadEditInteractive(ref reader, variant),
            "Audio" => ReadAudio(ref reader, variant),
            "Animation" => ReadAnimation(ref reader, variant),
            "Sticker" => ReadSticker(ref reader, variant),
            "MediaGroup" => ReadMediaGroup(ref reader, variant),
            "Poll" => ReadPoll(ref reader, variant),
            "PollAnswer" => ReadPollAnswer(ref reader, variant),
            _ => SkipUnknown(ref reader),
        };
        if (!reader.Read() || reader.TokenType != JsonTokenType.EndObject)
        {
            throw path.Error("must have exactly one variant key, got more");
        }
        if (content is UnknownContent)
        {
            var raw = source[start..(int)reader.BytesConsumed];
            return new UnknownContent(tag, Encoding.UTF8.GetString(raw));
        }
        return content;
    }

    public static EquatableList<EquatableList<InteractiveButton>> ReadButtonRows(ref Utf8JsonReader reader, FieldPath path)
    {
        ExpectArray(ref reader, path);
        var rows = new List<EquatableList<InteractiveButton>>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var rowPath = path.Index(rows.Count);
            ExpectArray(ref reader, rowPath);
            var row = new List<InteractiveButton>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                row.Add(ReadButton(ref reader, rowPath.Index(row.Count)));
            }
            rows.Add(row);
        }
        return rows;
    }

    private static InteractiveButton ReadButton(ref Utf8JsonReader reader, FieldPath path)
    {
        var fields = new Fields(path);
        ExpectObject(ref reader, path);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("label"u8)) { reader.Read(); fields.A = String(ref reader, path.Child("label")); }
            else if (reader.ValueTextEquals("action"u8)) { reader.Read(); fields.B = String(ref reader, path.Child("action")); }
            else if (reader.ValueTextEquals("style"u8)) { reader.Read(); fields.C = OptionalString(ref reader, path.Child("style")); }
            else if (reader.ValueTextEquals("url"u8)) { reader.Read(); fields.D = OptionalString(ref reader, path.Child("url")); }
            else { SkipProperty(ref reader); }
        }
        return new InteractiveButton(fields.Required(fields.A, "label"), fields.Required(fields.B, "action"), fields.C, fields.D);
    }

    private static ImageContent ReadImage(ref Utf8JsonReader reader, FieldPath path)
    {
        var f = new Fields(path);
        ExpectObject(ref reader, path);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("url"u8)) { reader.Read(); f.A = String(ref reader, path.Child("url")); }
            else if (reader.ValueTextEquals("caption"u8)) { reader.Read(); f.B = OptionalString(ref reader, path.Child("caption")); }
            else if (reader.ValueTextEquals("mime_type"u8)) { reader.Read(); f.C = OptionalString(ref reader, path.Child("mime_type")); }
            else { SkipProperty(ref reader); }
        }
        return new ImageContent(f.Required(f.A, "url"), f.B, f.C);
    }

    private static FileContent ReadFile(ref Utf8JsonReader reader, FieldPath path)
    {
        var f = new Fields(path);
        ExpectObject(ref reader, path);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("url"u8)) { reader.Read(); f.A = String(ref reader, path.Child("url")); }
            else if (reader.ValueTextEquals("filename"u8)) { reader.Read(); f.B = String(ref reader, path.Child("filename")); }
            else { SkipProperty(ref reader); }
        }
        return new FileContent(f.Required(f.A, "url"), f.Required(f.B, "filename"));
    }

    private static FileDataContent ReadFileData(ref Utf8JsonReader reader, FieldPath path)
    {
        var f = new Fields(path);
        byte[]? data = null;
        ExpectObject(ref reader, path);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("data"u8)) { reader.Read(); data = ReadBytes(ref reader, path.Child("data")); }
            else if (reader.ValueTextEquals("filename"u8)) { reader.Read(); f.A = String(ref reader, path.Child("filename")); }
            else if (reader.ValueTextEquals("mime_type"u8)) { reader.Read(); f.B = String(ref reader, path.Child("mime_type")); }
            else { SkipProperty(ref reader); }
        }
        return new FileDataContent(f.Required(data, "data"), f.Required(f.A, "filename"), f.Required(f.B, "mime_type"));
    }

    private static VoiceContent ReadVoice(ref Utf8JsonReader reader, FieldPath path)
    {
        var (url, caption, duration) = ReadCaptionedClip(ref reader, path);
        return new VoiceContent(url, caption, duration);
    }

    // Voice and Animation share their fields exactly: url (required), caption, duration_seconds (required).
    private static (string Url, string? Caption, uint Duration) ReadCaptionedClip(ref Utf8JsonReader reader, FieldPath path)
    {
        var f = new Fields(path);
        ExpectObject(ref reader, path);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("url"u8)) { reader.Read(); f.A = String(ref reader, path.Child("url")); }
            else if (reader.ValueTextEquals("caption"u8)) { reader.Read(); f.B = OptionalString(ref reader, path.Child("caption")); }
            else if (reader.ValueTextEquals("duration_seconds"u8)) { reader.Read(); f.Number = UInt32(ref reader, path.Child("duration_seconds")); }
            else { SkipProperty(ref reader); }
        }
        return (f.Required(f.A, "url"), f.B, f.RequiredNumber("duration_seconds"));
    }

    private static VideoContent ReadVideo(ref Utf8JsonReader reader, FieldPath path)
    {
        var f = new Fields(path);
        ExpectObject(ref reader, path);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("url"u8)) { reader.Read(); f.A = String(ref reader, path.Child("url")); }
            else if (reader.ValueTextEquals("caption"u8)) { reader.Read(); f.B = OptionalString(ref reader, path.Child("caption")); }
            else if (reader.ValueTextEquals("duration_seconds"u8)) { reader.Read(); f.Number = UInt32(ref reader, path.Child("duration_seconds")); }
            else if (reader.ValueTextEquals("filename"u8)) { reader.Read(); f.C = OptionalString(ref reader, path.Child("filename")); }
            else { SkipProperty(ref reader); }
        }
        return new VideoContent(f.Required(f.A, "url"), f.B, f.RequiredNumber("duration_seconds"), f.C);
    }

    private static LocationContent ReadLocation(ref Utf8JsonReader reader, FieldPath path)
    {
        double? lat = null, lon = null;
        ExpectObject(ref reader, path);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("lat"u8)) { reader.Read(); lat = Double(ref reader, path.Child("lat")); }
            else if (reader.ValueTextEquals("lon"u8)) { reader.Read(); lon = Double(ref reader, path.Child("lon")); }
            else { SkipProperty(ref reader); }
        }
        return new LocationContent(lat ?? throw path.Child("lat").Error("is missing"), lon ?? throw path.Child("lon").Error("is missing"));
    }

    private static CommandContent ReadCommand(ref Utf8JsonReader reader, FieldPath path)
    {
        var f = new Fields(path);
        List<string>? args = null;
        ExpectObject(ref reader, path);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8)) { reader.Read(); f.A = String(ref reader, path.Child("name")); }
            else if (reader.ValueTextEquals("args"u8)) { reader.Read(); args = ReadStrings(ref reader, path.Child("args")); }
            else { SkipProperty(ref reader); }
        }
        return new CommandContent(f.Required(f.A, "name"), f.Required(args, "args"));
    }

    private static InteractiveContent ReadInteractive(ref Utf8JsonReader reader, FieldPath path)
    {
        var f = new Fields(path);
        EquatableList<EquatableList<InteractiveButton>>? buttons = null;
        ExpectObject(ref reader, path);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("text"u8)) { reader.Read(); f.A = String(ref reader, path.Child("text")); }
            else if (reader.ValueTextEquals("buttons"u8)) { reader.Read(); buttons = ReadButtonRows(ref reader, path.Child("buttons")); }
            else { SkipProperty(ref reader); }
        }
        return new InteractiveContent(f.Required(f.A, "text"), buttons ?? throw path.Child("buttons").Error("is missing"));
    }

    private static ButtonCallbackContent ReadButtonCallback(ref Utf8JsonReader reader, FieldPath path)
    {
        var f = new Fields(path);
        ExpectObject(ref reader, path);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("action"u8)) { reader.Read(); f.A = String(ref reader, path.Child("action")); }
            else if (reader.ValueTextEquals("message_text"u8)) { reader.Read(); f.B = OptionalString(ref reader, path.Child("message_text")); }
            else { SkipProperty(ref reader); }
        }
        return new ButtonCallbackContent(f.Required(f.A, "action"), f.B);
    }

    private static DeleteMessageContent ReadDeleteMessage(ref Utf8JsonReader reader, FieldPath path)
    {
        var f = new Fields(path);
        ExpectObject(ref reader, path);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("message_id"u8)) { reader.Read(); f.A = String(ref reader, path.Child("message_id")); }
            else { SkipProperty(ref reader); }
        }
        return new DeleteMessageContent(f.Required(f.A, "message_id"));
    }

    private static EditInteractiveContent ReadEditInteractive(ref Utf8JsonReader reader, FieldPath path)
    {
        var f = new Fields(path);
        EquatableList<EquatableList<InteractiveButton>>? buttons = null;
        ExpectObject(ref reader, path);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("message_id"u8)) { reader.Read(); f.A = String(ref reader, path.Child("message_id")); }
            else if (reader.ValueTextEquals("text"u8)) { reader.Read(); f.B = String(ref reader, path.Child("text")); }
            else if (reader.ValueTextEquals("buttons"u8)) { reader.Read(); buttons = ReadButtonRows(ref reader, path.Child("buttons")); }
            else { SkipProperty(ref reader); }
        }
        return new EditInteractiveContent(f.Required(f.A, "message_id"), f.Required(f.B, "text"), buttons ?? throw path.Child("buttons").Error("is missing"));
    }

    private static AudioContent ReadAudio(ref Utf8JsonReader reader, FieldPath path)
    {
        var f = new Fields(path);
        ExpectObject(ref reader, path);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("url"u8)) { reader.Read(); f.A = String(ref reader, path.Child("url")); }
            else if (reader.ValueTextEquals("caption"u8)) { reader.Read(); f.B = OptionalString(ref reader, path.Child("caption")); }
            else if (reader.ValueTextEquals("duration_seconds"u8)) { reader.Read(); f.Number = UInt32(ref reader, path.Child("duration_seconds")); }
            else if (reader.ValueTextEquals("title"u8)) { reader.Read(); f.C = OptionalString(ref reader, path.Child("title")); }
            else if (reader.ValueTextEquals("performer"u8)) { reader.Read(); f.D = OptionalString(ref reader, path.Child("performer")); }
            else { SkipProperty(ref reader); }
        }
        return new AudioContent(f.Required(f.A, "url"), f.B, f.RequiredNumber("duration_seconds"), f.C, f.D);
    }

    private static AnimationContent ReadAnimation(ref Utf8JsonReader reader, FieldPath path)
    {
        var (url, caption, duration) = ReadCaptionedClip(ref reader, path);
        return new AnimationContent(url, caption, duration);
    }

    private static StickerContent ReadSticker(ref Utf8JsonReader reader, FieldPath path)
    {
        var f = new Fields(path);
        ExpectObject(ref reader, path);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("file_id"u8)) { reader.Read(); f.A = String(ref reader, path.Child("file_id")); }
            else { SkipProperty(ref reader); }
        }
        return new StickerContent(f.Required(f.A, "file_id"));
    }

    private static MediaGroupContent ReadMediaGroup(ref Utf8JsonReader reader, FieldPath path)
    {
        List<MediaGroupItem>? items = null;
        ExpectObject(ref reader, path);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("items"u8))
            {
                reader.Read();
                var itemsPath = path.Child("items");
                ExpectArray(ref reader, itemsPath);
                items = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadMediaGroupItem(ref reader, itemsPath.Index(items.Count)));
                }
            }
            else { SkipProperty(ref reader); }
        }
        return new MediaGroupContent(items ?? throw path.Child("items").Error("is missing"));
    }

    private static MediaGroupItem ReadMediaGroupItem(ref Utf8JsonReader reader, FieldPath path)
    {
        ExpectObject(ref reader, path);
        if (!NextProperty(ref reader))
        {
            throw path.Error("must have exactly one key, Photo or Video");
        }
        MediaGroupItem item;
        var f = new Fields(path);
        if (reader.ValueTextEquals("Photo"u8) || reader.ValueTextEquals("Video"u8))
        {
            var isVideo = reader.ValueTextEquals("Video"u8);
            var inner = path.Child(isVideo ? "Video" : "Photo");
            reader.Read();
            ExpectObject(ref reader, inner);
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("url"u8)) { reader.Read(); f.A = String(ref reader, inner.Child("url")); }
                else if (reader.ValueTextEquals("caption"u8)) { reader.Read(); f.B = OptionalString(ref reader, inner.Child("caption")); }
                else if (isVideo && reader.ValueTextEquals("duration_seconds"u8)) { reader.Read(); f.Number = UInt32(ref reader, inner.Child("duration_seconds")); }
                else { SkipProperty(ref reader); }
            }
            var url = f.A ?? throw inner.Child("url").Error("is missing");
            item = isVideo
                ? new VideoItem(url, f.B, f.Number ?? throw inner.Child("duration_seconds").Error("is missing"))
                : new PhotoItem(url, f.B);
        }
        else
        {
            throw path.Error($"has an unknown item kind '{path.String(ref reader)}' (expected Photo or Video)");
        }
        if (!reader.Read() || reader.TokenType != JsonTokenType.EndObject)
        {
            throw path.Error("must have exactly one key, Photo or Video");
        }
        return item;
    }

    private static PollContent ReadPoll(ref Utf8JsonReader reader, FieldPath path)
    {
        var f = new Fields(path);
        List<string>? options = null;
        var isQuiz = false;
        byte? correct = null;
        ExpectObject(ref reader, path);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("question"u8)) { reader.Read(); f.A = String(ref reader, path.Child("question")); }
            else if (reader.ValueTextEquals("options"u8)) { reader.Read(); options = ReadStrings(ref reader, path.Child("options")); }
            else if (reader.ValueTextEquals("is_quiz"u8)) { reader.Read(); isQuiz = Boolean(ref reader, path.Child("is_quiz")); }
            else if (reader.ValueTextEquals("correct_option_id"u8))
            {
                reader.Read();
                correct = reader.TokenType == JsonTokenType.Null ? null : Byte(ref reader, path.Child("correct_option_id"));
            }
            else if (reader.ValueTextEquals("explanation"u8)) { reader.Read(); f.B = OptionalString(ref reader, path.Child("explanation")); }
            else { SkipProperty(ref reader); }
        }
        return new PollContent(f.Required(f.A, "question"), f.Required(options, "options"), isQuiz, correct, f.B);
    }

    private static PollAnswerContent ReadPollAnswer(ref Utf8JsonReader reader, FieldPath path)
    {
        var f = new Fields(path);
        byte[]? ids = null;
        ExpectObject(ref reader, path);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("poll_id"u8)) { reader.Read(); f.A = String(ref reader, path.Child("poll_id")); }
            else if (reader.ValueTextEquals("option_ids"u8)) { reader.Read(); ids = ReadBytes(ref reader, path.Child("option_ids")); }
            else { SkipProperty(ref reader); }
        }
        return new PollAnswerContent(f.Required(f.A, "poll_id"), f.Required(ids, "option_ids"));
    }

    private static UnknownContent SkipUnknown(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return new UnknownContent("", "");
    }

    private static void ExpectObject(ref Utf8JsonReader reader, FieldPath path)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw path.Error($"must be an object, got {JsonTokens.Kind(reader.TokenType)}");
        }
    }

    private static void ExpectArray(ref Utf8JsonReader reader, FieldPath path)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw path.Error($"must be an array, got {JsonTokens.Kind(reader.TokenType)}");
        }
    }

    private static bool NextProperty(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    private static void SkipProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    private static string String(ref Utf8JsonReader reader, FieldPath path) =>
        reader.TokenType == JsonTokenType.String ? path.String(ref reader) : throw path.Error($"must be a string, got {JsonTokens.Kind(reader.TokenType)}");

    private static string? OptionalString(ref Utf8JsonReader reader, FieldPath path) => reader.TokenType switch
    {
        JsonTokenType.String => path.String(ref reader),
        JsonTokenType.Null => null,
        _ => throw path.Error($"must be a string or null, got {JsonTokens.Kind(reader.TokenType)}"),
    };

    private static bool Boolean(ref Utf8JsonReader reader, FieldPath path) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw path.Error($"must be a boolean, got {JsonTokens.Kind(reader.TokenType)}"),
    };

    private static double Double(ref Utf8JsonReader reader, FieldPath path) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) && double.IsFinite(value)
            ? value
            : throw path.Error(reader.TokenType == JsonTokenType.Number
                ? "must be a number a 64-bit float can hold (this one is out of range)"
                : $"must be a number, got {JsonTokens.Kind(reader.TokenType)}");

    private static uint UInt32(ref Utf8JsonReader reader, FieldPath path) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetUInt32(out var value)
            ? value
            : throw path.Error(reader.TokenType == JsonTokenType.Number ? "must be a whole number from 0 to 4294967295" : $"must be a number, got {JsonTokens.Kind(reader.TokenType)}");

    private static byte Byte(ref Utf8JsonReader reader, FieldPath path) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetByte(out var value)
            ? value
            : throw path.Error(reader.TokenType == JsonTokenType.Number ? "must be a whole number from 0 to 255" : $"must be a number, got {JsonTokens.Kind(reader.TokenType)}");

    private static byte[] ReadBytes(ref Utf8JsonReader reader, FieldPath path)
    {
        ExpectArray(ref reader, path);
        var bytes = new List<byte>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            bytes.Add(Byte(ref reader, path.Index(bytes.Count)));
        }
        return [.. bytes];
    }

    private static List<string> ReadStrings(ref Utf8JsonReader reader, FieldPath path)
    {
        ExpectArray(ref reader, path);
        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(String(ref reader, path.Index(values.Count)));
        }
        return values;
    }

    /// <summary>Scratch slots for a variant's fields, and the "is missing" check with the right path.</summary>
    private struct Fields(FieldPath path)
    {
        public string? A;
        public string? B;
        public string? C;
        public string? D;
        public uint? Number;

        public readonly T Required<T>(T? value, string field) where T : class => value ?? throw path.Child(field).Error("is missing");

        public readonly uint RequiredNumber(string field) => Number ?? throw path.Child(field).Error("is missing");
    }
}
