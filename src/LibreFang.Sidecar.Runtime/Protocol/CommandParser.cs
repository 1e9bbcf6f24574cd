using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace LibreFang.Sidecar.Protocol;

/// <summary>
/// Parses command lines (daemon to adapter) strictly: a required field that is missing or of the wrong type is an
/// error, never a silent default. See docs/protocol.md for the rules.
/// </summary>
public static class CommandParser
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false, MaxDepth = 64 };

    /// <summary>
    /// Parses one line (UTF-8, without the newline; a trailing <c>\r</c> and surrounding whitespace are allowed).
    /// Unknown methods give an <see cref="UnknownCommand"/>, never an error.
    /// </summary>
    public static ParseResult<Command> Parse(ReadOnlySpan<byte> utf8Line)
    {
        var line = utf8Line.Trim(" \t\r\n"u8);
        if (!Utf8.IsValid(line))
        {
            return Fail("command line is not valid UTF-8");
        }
        try
        {
            return new(ParseLine(line), null);
        }
        catch (WireException ex)
        {
            return new(null, new ProtocolError(ex.Message, ex.Field));
        }
        catch (JsonException ex)
        {
            return Fail(JsonTokens.DescribeInvalidJson(ex, line, ReaderOptions.MaxDepth));
        }
        catch (InvalidOperationException) when (JsonTokens.HasSurrogateEscape(line))
        {
            // Comparing an escaped property name unescapes it, and throws on a lone surrogate escape.
            return Fail(JsonTokens.LoneSurrogateInLine);
        }
    }

    private static ParseResult<Command> Fail(string message, string? field = null) => new(null, new ProtocolError(message, field));

    // A known method name comes back as its interned literal, so parsing allocates only what the command exposes.
    private static string? KnownMethod(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("send"u8) ? "send"
        : reader.ValueTextEquals("ready_ack"u8) ? "ready_ack"
        : reader.ValueTextEquals("heartbeat"u8) ? "heartbeat"
        : reader.ValueTextEquals("shutdown"u8) ? "shutdown"
        : reader.ValueTextEquals("typing"u8) ? "typing"
        : reader.ValueTextEquals("reaction"u8) ? "reaction"
        : reader.ValueTextEquals("interactive"u8) ? "interactive"
        : reader.ValueTextEquals("stream_start"u8) ? "stream_start"
        : reader.ValueTextEquals("stream_delta"u8) ? "stream_delta"
        : reader.ValueTextEquals("stream_end"u8) ? "stream_end"
        : null;

    private static Command ParseLine(ReadOnlySpan<byte> line) => ParseMethodFirst(line) ?? ParseAnyOrder(line);

    /// <summary>
    /// The shape every daemon sends, <c>{"method":…,"params":{…}}</c> in that order, read in one pass: params are parsed
    /// where they stand instead of being skipped and read again. Anything else (another order, more properties, an
    /// escaped method, an error of any kind) returns null, and <see cref="ParseAnyOrder"/> reads the line from the start,
    /// so what is accepted and which error is reported do not depend on this shortcut.
    /// </summary>
    internal static Command? ParseMethodFirst(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject
                || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("method"u8)
                || !reader.Read() || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
            {
                return null;
            }
            var method = KnownMethod(ref reader);
            if (method is null or "ready_ack" or "shutdown" or "heartbeat"
                || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("params"u8)
                || !reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            var fields = new Params(method, line, reader, present: true);
            var command = ParseParams(ref fields);
            reader = fields.Position;
            // On the params object's end: the command object must end right after it, and the line with it.
            return reader.TokenType == JsonTokenType.EndObject && reader.Read() && reader.TokenType == JsonTokenType.EndObject && !reader.Read()
                ? command
                : null;
        }
        catch (Exception ex) when (ex is WireException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    internal static Command ParseAnyOrder(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, ReaderOptions);
        if (!reader.Read())
        {
            throw new WireException("empty command line", null);
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new WireException($"expected a JSON object, got {JsonTokens.Kind(reader.TokenType)}", null);
        }

        string? method = null;
        var methodSeen = false;
        var paramsReader = default(Utf8JsonReader);
        var hasParams = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("method"u8))
            {
                reader.Read();
                methodSeen = true;
                method = reader.TokenType switch
                {
                    // An escaped name is unescaped first: comparing it unescapes too, and could meet a lone surrogate.
                    JsonTokenType.String when reader.ValueIsEscaped => JsonTokens.GetString(ref reader, "command", "method"),
                    JsonTokenType.String => KnownMethod(ref reader) ?? reader.GetString(),
                    JsonTokenType.Null => throw new WireException("method must be a string, got null", "method"),
                    _ => throw new WireException($"method must be a string, got {JsonTokens.Kind(reader.TokenType)}", "method"),
                };
            }
            else if (reader.ValueTextEquals("params"u8))
            {
                reader.Read();
                paramsReader = reader;
                hasParams = true;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (reader.Read())
        {
            throw new WireException("unexpected data after the command object", null);
        }
        if (!methodSeen)
        {
            throw new WireException("missing method", "method");
        }

        switch (method)
        {
            case "ready_ack":
                return ReadyAckCommand.Instance;
            case "shutdown":
                return ShutdownCommand.Instance;
            case "heartbeat":
                return HeartbeatCommand.Instance;
            case "send" or "typing" or "reaction" or "interactive" or "stream_start" or "stream_delta" or "stream_end":
                var fields = new Params(method, line, hasParams ? paramsReader : default, hasParams);
                return ParseParams(ref fields);
            default:
                return new UnknownCommand(method!, Encoding.UTF8.GetString(line));
        }
    }

    /// <summary>The command of a method that has params (one of those <see cref="KnownMethod"/> knows).</summary>
    private static Command ParseParams(ref Params p) => p.Method switch
    {
        "send" => ParseSend(ref p),
        "typing" => ParseTyping(ref p),
        "reaction" => ParseReaction(ref p),
        "interactive" => ParseInteractive(ref p),
        "stream_start" => ParseStreamStart(ref p),
        "stream_delta" => ParseStreamDelta(ref p),
        _ => ParseStreamEnd(ref p),
    };

    private static SendCommand ParseSend(ref Params p)
    {
        string? channel = null, text = null, thread = null;
        ChannelUser? user = null;
        Content? content = null;
        while (p.NextProperty())
        {
            ref var reader = ref p.Reader;
            if (reader.ValueTextEquals("channel_id"u8)) { channel = p.Identifier(ref reader, "channel_id"); }
            else if (reader.ValueTextEquals("text"u8)) { text = p.String(ref reader, "text"); }
            else if (reader.ValueTextEquals("thread_id"u8)) { thread = p.OptionalString(ref reader, "thread_id"); }
            else if (reader.ValueTextEquals("user"u8)) { user = ParseUser(ref p, ref reader); }
            else if (reader.ValueTextEquals("content"u8)) { reader.Read(); content = ParseOptionalContent(ref p, ref reader); }
            else { p.SkipValue(ref reader); }
        }
        return new SendCommand(p.Required(channel, "channel_id"), p.Required(text, "text"), p.Required(user, "user"), content, thread);
    }

    private static TypingCommand ParseTyping(ref Params p)
    {
        string? channel = null;
        while (p.NextProperty())
        {
            ref var reader = ref p.Reader;
            if (reader.ValueTextEquals("channel_id"u8)) { channel = p.Identifier(ref reader, "channel_id"); }
            else { p.SkipValue(ref reader); }
        }
        return new TypingCommand(p.Required(channel, "channel_id"));
    }

    private static ReactionCommand ParseReaction(ref Params p)
    {
        string? channel = null, messageId = null, reaction = null, phase = null, tool = null;
        while (p.NextProperty())
        {
            ref var reader = ref p.Reader;
            if (reader.ValueTextEquals("channel_id"u8)) { channel = p.Identifier(ref reader, "channel_id"); }
            else if (reader.ValueTextEquals("message_id"u8)) { messageId = p.String(ref reader, "message_id"); }
            else if (reader.ValueTextEquals("reaction"u8)) { reaction = p.String(ref reader, "reaction"); }
            else if (reader.ValueTextEquals("phase"u8)) { phase = p.OptionalString(ref reader, "phase"); }
            else if (reader.ValueTextEquals("tool_name"u8)) { tool = p.OptionalString(ref reader, "tool_name"); }
            else { p.SkipValue(ref reader); }
        }
        return new ReactionCommand(p.Required(channel, "channel_id"), p.Required(messageId, "message_id"), p.Required(reaction, "reaction"), phase ?? "", tool);
    }

    private static InteractiveCommand ParseInteractive(ref Params p)
    {
        string? channel = null;
        InteractiveMessage? message = null;
        while (p.NextProperty())
        {
            ref var reader = ref p.Reader;
            if (reader.ValueTextEquals("channel_id"u8)) { channel = p.Identifier(ref reader, "channel_id"); }
            else if (reader.ValueTextEquals("message"u8))
            {
                p.ExpectObject(ref reader, "message");
                string? text = null;
                EquatableList<EquatableList<InteractiveButton>>? buttons = null;
                while (Params.NextNestedProperty(ref reader))
                {
                    if (reader.ValueTextEquals("text"u8)) { reader.Read(); text = p.String(ref reader, "message.text"); }
                    else if (reader.ValueTextEquals("buttons"u8)) { reader.Read(); buttons = ParseButtons(ref p, ref reader, "message.buttons"); }
                    else { reader.Read(); reader.Skip(); }
                }
                message = new InteractiveMessage(p.Required(text, "message.text"), p.Required(buttons, "message.buttons"));
            }
            else { p.SkipValue(ref reader); }
        }
        return new InteractiveCommand(p.Required(channel, "channel_id"), p.Required(message, "message"));
    }

    private static StreamStartCommand ParseStreamStart(ref Params p)
    {
        string? channel = null, stream = null, thread = null;
        while (p.NextProperty())
        {
            ref var reader = ref p.Reader;
            if (reader.ValueTextEquals("channel_id"u8)) { channel = p.Identifier(ref reader, "channel_id"); }
            else if (reader.ValueTextEquals("stream_id"u8)) { stream = p.Identifier(ref reader, "stream_id"); }
            else if (reader.ValueTextEquals("thread_id"u8)) { thread = p.OptionalString(ref reader, "thread_id"); }
            else { p.SkipValue(ref reader); }
        }
        return new StreamStartCommand(p.Required(channel, "channel_id"), p.Required(stream, "stream_id"), thread);
    }

    private static StreamDeltaCommand ParseStreamDelta(ref Params p)
    {
        string? stream = null, text = null;
        while (p.NextProperty())
        {
            ref var reader = ref p.Reader;
            if (reader.ValueTextEquals("stream_id"u8)) { stream = p.Identifier(ref reader, "stream_id"); }
            else if (reader.ValueTextEquals("text"u8)) { text = p.String(ref reader, "text"); }
            else { p.SkipValue(ref reader); }
        }
        return new StreamDeltaCommand(p.Required(stream, "stream_id"), p.Required(text, "text"));
    }

    private static StreamEndCommand ParseStreamEnd(ref Params p)
    {
        string? stream = null;
        while (p.NextProperty())
        {
            ref var reader = ref p.Reader;
            if (reader.ValueTextEquals("stream_id"u8)) { stream = p.Identifier(ref reader, "stream_id"); }
            else { p.SkipValue(ref reader); }
        }
        return new StreamEndCommand(p.Required(stream, "stream_id"));
    }

    private static ChannelUser ParseUser(ref Params p, ref Utf8JsonReader reader)
    {
        p.ExpectObject(ref reader, "user");
        string? platformId = null, displayName = null, librefangUser = null;
        while (Params.NextNestedProperty(ref reader))
        {
            if (reader.ValueTextEquals("platform_id"u8)) { reader.Read(); platformId = p.Identifier(ref reader, "user.platform_id"); }
            else if (reader.ValueTextEquals("display_name"u8)) { reader.Read(); displayName = p.Identifier(ref reader, "user.display_name"); }
            else if (reader.ValueTextEquals("librefang_user"u8)) { reader.Read(); librefangUser = p.OptionalString(ref reader, "user.librefang_user"); }
            else { reader.Read(); reader.Skip(); }
        }
        return new ChannelUser(p.Required(platformId, "user.platform_id"), p.Required(displayName, "user.display_name"), librefangUser);
    }

    private static Content? ParseOptionalContent(ref Params p, ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : ContentReader.Read(ref reader, p.Line, new FieldPath(p.Method, "params.content"));

    private static EquatableList<EquatableList<InteractiveButton>> ParseButtons(ref Params p, ref Utf8JsonReader reader, string field) =>
        ContentReader.ReadButtonRows(ref reader, new FieldPath(p.Method, "params." + field));

    /// <summary>Reads the properties of a command's <c>params</c> object and reports errors with the method and field path.</summary>
    private ref struct Params
    {
        private Utf8JsonReader _reader;
        private readonly bool _present;

        public Params(string method, ReadOnlySpan<byte> line, Utf8JsonReader reader, bool present)
        {
            Method = method;
            Line = line;
            _reader = reader;
            _present = present && reader.TokenType != JsonTokenType.Null;
            if (_present && reader.TokenType != JsonTokenType.StartObject)
            {
                throw new WireException($"{method}: params must be a JSON object, got {JsonTokens.Kind(reader.TokenType)}", "params");
            }
        }

        public string Method { get; }

        public ReadOnlySpan<byte> Line { get; }

        /// <summary>Moves to the next property of params; <see cref="Reader"/> is then positioned on its name.</summary>
        public bool NextProperty() => _present && _reader.Read() && _reader.TokenType == JsonTokenType.PropertyName;

        /// <summary>The reader itself, not a copy: a property's value is consumed through it in place.</summary>
        [System.Diagnostics.CodeAnalysis.UnscopedRef]
        public ref Utf8JsonReader Reader => ref _reader;

        /// <summary>Where reading stands: on the params object's end once every property has been read.</summary>
        public readonly Utf8JsonReader Position => _reader;

        public readonly void SkipValue(ref Utf8JsonReader reader)
        {
            reader.Read();
            reader.Skip();
        }

        public readonly string String(ref Utf8JsonReader reader, string field)
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                reader.Read();
            }
            return reader.TokenType == JsonTokenType.String
                ? JsonTokens.GetString(ref reader, Method, "params.", field)
                : throw new WireException($"{Method}: params.{field} must be a string, got {JsonTokens.Kind(reader.TokenType)}", "params." + field);
        }

        /// <summary>A string field whose values repeat from command to command (see <see cref="RecentIdentifiers"/>).</summary>
        public readonly string Identifier(ref Utf8JsonReader reader, string field)
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                reader.Read();
            }
            return reader.TokenType == JsonTokenType.String
                ? RecentIdentifiers.Get(ref reader, Method, "params.", field)
                : throw new WireException($"{Method}: params.{field} must be a string, got {JsonTokens.Kind(reader.TokenType)}", "params." + field);
        }

        public readonly string? OptionalString(ref Utf8JsonReader reader, string field)
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                reader.Read();
            }
            return reader.TokenType switch
            {
                JsonTokenType.String => JsonTokens.GetString(ref reader, Method, "params.", field),
                JsonTokenType.Null => null,
                _ => throw new WireException($"{Method}: params.{field} must be a string or null, got {JsonTokens.Kind(reader.TokenType)}", "params." + field),
            };
        }

        public readonly void ExpectObject(ref Utf8JsonReader reader, string field)
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                reader.Read();
            }
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new WireException($"{Method}: params.{field} must be an object, got {JsonTokens.Kind(reader.TokenType)}", "params." + field);
            }
        }

        /// <summary>Inside a nested object: moves to the next property name, false at its end.</summary>
        public static bool NextNestedProperty(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

        public readonly T Required<T>(T? value, string field) where T : class =>
            value ?? throw new WireException($"{Method}: params.{field} is missing", "params." + field);

        public readonly EquatableList<EquatableList<InteractiveButton>> Required(EquatableList<EquatableList<InteractiveButton>>? value, string field) =>
            value ?? throw new WireException($"{Method}: params.{field} is missing", "params." + field);
    }
}
