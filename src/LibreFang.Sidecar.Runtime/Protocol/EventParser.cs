using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace LibreFang.Sidecar.Protocol;

/// <summary>
/// Parses event lines (adapter to daemon) with the daemon's acceptance rules: an error here means the daemon logs the
/// line and drops it. The rules mirror the daemon's serde types: optional fields accept <c>null</c>, defaulted lists,
/// booleans and maps may be omitted but not <c>null</c>, strings are never numbers, duplicate fields are rejected.
/// </summary>
public static class EventParser
{
    private const string LoneSurrogate = "invalid text: a \\u escape leaves half of a UTF-16 surrogate pair";

    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 128 };

    /// <summary>Parses one event line as the daemon would.</summary>
    public static ParseResult<SidecarEvent> Parse(ReadOnlySpan<byte> utf8Line)
    {
        try
        {
            using var document = ParseDocument(utf8Line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Fail($"expected a JSON object, got {Kind(root)}");
            }
            var top = Properties(root, "");
            if (!top.TryGetValue("method", out var method))
            {
                return Fail("missing field `method`", "method");
            }
            if (method.ValueKind != JsonValueKind.String)
            {
                return Fail($"method must be a string, got {Kind(method)}", "method");
            }
            top.TryGetValue("params", out var parameters);
            SidecarEvent parsed = method.GetString() switch
            {
                "ready" => ParseReady(parameters),
                "message" => ParseMessage(RequiredParams(parameters, "message")),
                "error" => new ErrorEvent(RequiredString(Properties(RequiredParams(parameters, "error"), "params"), "params.message")),
                "typing" => ParseTyping(RequiredParams(parameters, "typing")),
                "qr_ready" => ParseQrReady(RequiredParams(parameters, "qr_ready")),
                "qr_status" => ParseQrStatus(RequiredParams(parameters, "qr_status")),
                var other => throw new WireException($"unknown variant `{other}`, expected one of `message`, `ready`, `error`, `typing`, `qr_ready`, `qr_status`", "method"),
            };
            return new(parsed, null);
        }
        catch (WireException ex)
        {
            return Fail(ex.Message, ex.Field);
        }
        catch (JsonException ex)
        {
            return Fail(JsonTokens.DescribeInvalidJson(ex, utf8Line.Trim(" \t\r\n"u8), DocumentOptions.MaxDepth));
        }
        catch (InvalidOperationException)
        {
            // JsonElement.GetString on a "\ud800" escape; the daemon's serde rejects the line the same way.
            return Fail(LoneSurrogate);
        }
    }

    /// <summary>
    /// Parses <c>--describe</c> output as the daemon would (the whole trimmed stdout must be one schema object), and
    /// additionally requires field types the dashboard knows (the daemon itself stores any string).
    /// </summary>
    public static ParseResult<Schema> ParseSchema(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            using var document = ParseDocument(utf8Json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new(null, new ProtocolError($"expected a JSON object, got {Kind(root)}"));
            }
            var top = Properties(root, "");
            var name = RequiredString(top, "name");
            var displayName = RequiredString(top, "display_name");
            var description = RequiredString(top, "description");
            var fieldsElement = Required(top, "fields");
            var fields = new List<Field>();
            foreach (var (element, index) in Array(fieldsElement, "fields").Select((e, i) => (e, i)))
            {
                var path = $"fields[{index}]";
                var field = Properties(Object(element, path), path + ".");
                var typeName = RequiredString(field, path + ".type");
                var type = ParseFieldType(typeName) ?? throw new WireException(
                    $"{path}.type '{typeName}' is not one of text, secret, number, list, bool, select (the daemon stores it, the dashboard cannot render it)", path + ".type");
                fields.Add(new Field(RequiredString(field, path + ".key"), RequiredString(field, path + ".label"), type)
                {
                    Required = OptionalBool(field, path + ".required") ?? false,
                    Placeholder = OptionalNonNullString(field, path + ".placeholder") ?? "",
                    Advanced = OptionalBool(field, path + ".advanced") ?? false,
                    Options = field.TryGetValue("options", out var options) && options.ValueKind != JsonValueKind.Null
                        ? (EquatableList<string>?)Strings(options, path + ".options")
                        : null,
                });
            }
            return new(new Schema(name, displayName, description, fields), null);
        }
        catch (WireException ex)
        {
            return new(null, new ProtocolError(ex.Message, ex.Field));
        }
        catch (JsonException ex)
        {
            return new(null, new ProtocolError(JsonTokens.DescribeInvalidJson(ex, utf8Json.Trim(" \t\r\n"u8), DocumentOptions.MaxDepth)));
        }
        catch (InvalidOperationException)
        {
            return new(null, new ProtocolError(LoneSurrogate));
        }
    }

    /// <summary>The field type for a lower-case wire name, or null.</summary>
    public static FieldType? ParseFieldType(string name) => name switch
    {
        "text" => FieldType.Text,
        "secret" => FieldType.Secret,
        "number" => FieldType.Number,
        "list" => FieldType.List,
        "bool" => FieldType.Bool,
        "select" => FieldType.Select,
        _ => null,
    };

    private static ParseResult<SidecarEvent> Fail(string message, string? field = null) => new(null, new ProtocolError(message, field));

    private static JsonDocument ParseDocument(ReadOnlySpan<byte> utf8)
    {
        var trimmed = utf8.Trim(" \t\r\n"u8);
        // The daemon decodes stdout lossily: invalid bytes become U+FFFD rather than dropping the line.
        var bytes = Utf8.IsValid(trimmed) ? trimmed.ToArray() : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(trimmed));
        var document = JsonDocument.Parse(bytes, DocumentOptions);
        try
        {
            RejectUnpairedSurrogateEscapes(bytes);
        }
        catch
        {
            document.Dispose();
            throw;
        }
        return document;
    }

    /// <summary>The daemon's JSON reader refuses <c>\ud800</c>-style escapes that do not form a pair; so do we.</summary>
    private static void RejectUnpairedSurrogateEscapes(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName) || !reader.ValueIsEscaped)
            {
                continue;
            }
            string value;
            try
            {
                value = reader.GetString()!;
            }
            catch (InvalidOperationException)
            {
                throw new WireException("a string holds an unpaired surrogate escape (\\uD800-\\uDFFF)", null);
            }
            for (var i = 0; i < value.Length; i++)
            {
                if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(value[i]))
                {
                    throw new WireException("a string holds an unpaired surrogate escape (\\uD800-\\uDFFF)", null);
                }
            }
        }
    }

    private static ReadyEvent ParseReady(JsonElement parameters)
    {
        if (parameters.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return new ReadyEvent();
        }
        if (parameters.ValueKind == JsonValueKind.Array && parameters.GetArrayLength() == 0)
        {
            return new ReadyEvent();
        }
        var p = Properties(Object(parameters, "params"), "params.");
        return new ReadyEvent
        {
            Capabilities = p.TryGetValue("capabilities", out var caps) ? Strings(caps, "params.capabilities") : default,
            AccountId = OptionalString(p, "params.account_id"),
            SuppressErrorResponses = OptionalBool(p, "params.suppress_error_responses") ?? false,
            NotificationRecipients = p.TryGetValue("notification_recipients", out var recipients)
                ? Array(recipients, "params.notification_recipients").Select((r, i) => ChannelUserFrom(r, $"params.notification_recipients[{i}]")).ToArray()
                : default,
            HeaderRules = p.TryGetValue("header_rules", out var rules)
                ? Array(rules, "params.header_rules").Select((r, i) => HeaderRuleFrom(r, $"params.header_rules[{i}]")).ToArray()
                : default,
            ProtocolVersion = p.TryGetValue("protocol_version", out var version) && version.ValueKind != JsonValueKind.Null
                ? version.ValueKind == JsonValueKind.Number && version.TryGetUInt32(out var v) && !version.GetRawText().Contains('.')
                    ? v
                    : throw new WireException($"params.protocol_version must be a whole number from 0 to 4294967295 or null, got {version.GetRawText()}", "params.protocol_version")
                : null,
        };
    }

    private static MessageEvent ParseMessage(JsonElement parameters)
    {
        var p = Properties(parameters, "params.");
        var message = new MessageEvent(RequiredString(p, "params.user_id"), RequiredString(p, "params.user_name"))
        {
            Text = OptionalString(p, "params.text"),
            ChannelId = OptionalString(p, "params.channel_id"),
            Platform = OptionalString(p, "params.platform"),
            MessageId = OptionalString(p, "params.message_id"),
            Username = OptionalString(p, "params.username"),
            LibrefangUser = OptionalString(p, "params.librefang_user"),
            ThreadId = OptionalString(p, "params.thread_id"),
            IsGroup = OptionalBool(p, "params.is_group") ?? false,
            Content = p.TryGetValue("content", out var content) && content.ValueKind != JsonValueKind.Null ? ContentFrom(content) : null,
            GroupMembers = p.TryGetValue("group_members", out var members)
                ? Array(members, "params.group_members").Select((m, i) => GroupMemberFrom(m, $"params.group_members[{i}]")).ToArray()
                : default,
            GroupParticipants = p.TryGetValue("group_participants", out var participants)
                ? Array(participants, "params.group_participants").Select((m, i) => GroupParticipantFrom(m, $"params.group_participants[{i}]")).ToArray()
                : default,
            Metadata = p.TryGetValue("metadata", out var metadata) ? MetadataFrom(metadata) : default,
        };
        return message;
    }

    private static TypingEvent ParseTyping(JsonElement parameters)
    {
        var p = Properties(parameters, "params.");
        return new TypingEvent(RequiredString(p, "params.user_id"), RequiredString(p, "params.user_name"),
            OptionalBool(p, "params.is_typing") ?? throw new WireException("missing field `is_typing`", "params.is_typing"));
    }

    private static QrReadyEvent ParseQrReady(JsonElement parameters)
    {
        var p = Properties(parameters, "params.");
        DateTimeOffset? expires = null;
        if (OptionalString(p, "params.expires_at") is { } text)
        {
            expires = ParseRfc3339(text) ?? throw new WireException(
                $"params.expires_at '{text}' is not an RFC 3339 date-time with an offset (e.g. 2026-05-28T20:00:00Z)", "params.expires_at");
        }
        return new QrReadyEvent(RequiredString(p, "params.qr_code"), OptionalString(p, "params.qr_url"), OptionalString(p, "params.message"), expires);
    }

    private static QrStatusEvent ParseQrStatus(JsonElement parameters)
    {
        var p = Properties(parameters, "params.");
        return new QrStatusEvent(RequiredString(p, "params.status"), OptionalString(p, "params.message"));
    }

    /// <summary>RFC 3339: date, <c>T</c> or a space, time with optional fraction, and <c>Z</c> or an offset (required).</summary>
    internal static DateTimeOffset? ParseRfc3339(string text)
    {
        if (text.Length < 20 || (text[10] != 'T' && text[10] != ' '))
        {
            return null;
        }
        var last = text[^1];
        var hasOffset = last == 'Z' || (text.Length > 6 && (text[^6] == '+' || text[^6] == '-') && text[^3] == ':');
        if (!hasOffset)
        {
            return null;
        }
        var normalized = text[10] == ' ' ? text[..10] + "T" + text[11..] : text;
        return DateTimeOffset.TryParseExact(normalized, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : null;
    }

    private static Content ContentFrom(JsonElement content)
    {
        var raw = Encoding.UTF8.GetBytes(content.GetRawText());
        var reader = new Utf8JsonReader(raw);
        reader.Read();
        var path = new FieldPath("message", "params.content");
        if (content.ValueKind == JsonValueKind.Object)
        {
            Properties(content, "params.content.");
        }
        var parsed = ContentReader.Read(ref reader, raw, path);
        if (parsed is UnknownContent unknown)
        {
            throw path.Error($"has an unknown variant `{unknown.Variant}`");
        }
        return parsed;
    }

    private static EquatableList<MetadataEntry> MetadataFrom(JsonElement metadata)
    {
        var entries = new List<MetadataEntry>();
        foreach (var property in Object(metadata, "params.metadata").EnumerateObject())
        {
            // Duplicate keys inside metadata are accepted by the daemon: the last one wins.
            entries.RemoveAll(e => e.Key == property.Name);
            entries.Add(new MetadataEntry(property.Name, property.Value.Clone()));
        }
        return entries.ToArray();
    }

    private static ChannelUser ChannelUserFrom(JsonElement element, string path)
    {
        var p = Properties(Object(element, path), path + ".");
        return new ChannelUser(RequiredString(p, path + ".platform_id"), RequiredString(p, path + ".display_name"), OptionalString(p, path + ".librefang_user"));
    }

    private static GroupMember GroupMemberFrom(JsonElement element, string path)
    {
        var p = Properties(Object(element, path), path + ".");
        return new GroupMember(RequiredString(p, path + ".user_id"), RequiredString(p, path + ".display_name"), OptionalString(p, path + ".username"));
    }

    private static GroupParticipant GroupParticipantFrom(JsonElement element, string path)
    {
        var p = Properties(Object(element, path), path + ".");
        return new GroupParticipant(RequiredString(p, path + ".jid"), RequiredString(p, path + ".display_name"));
    }

    private static HeaderRule HeaderRuleFrom(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() != 2)
        {
            throw new WireException($"{path} must be [host, [[name, value], ...]], got {Kind(element)}", path);
        }
        var host = element[0].ValueKind == JsonValueKind.String ? element[0].GetString()! : throw new WireException($"{path}[0] must be a string", path + "[0]");
        var headers = Array(element[1], path + "[1]").Select((pair, i) =>
            pair.ValueKind == JsonValueKind.Array && pair.GetArrayLength() == 2 && pair[0].ValueKind == JsonValueKind.String && pair[1].ValueKind == JsonValueKind.String
                ? new HeaderValue(pair[0].GetString()!, pair[1].GetString()!)
                : throw new WireException($"{path}[1][{i}] must be [name, value]", $"{path}[1][{i}]")).ToArray();
        return new HeaderRule(host, headers);
    }

    private static JsonElement RequiredParams(JsonElement parameters, string method) => parameters.ValueKind switch
    {
        JsonValueKind.Object => parameters,
        JsonValueKind.Undefined => throw new WireException($"{method}: missing field `params`", "params"),
        _ => throw new WireException($"{method}: params must be an object, got {Kind(parameters)}", "params"),
    };

    /// <summary>The properties of an object; a duplicate key is an error, as in the daemon's serde structs.</summary>
    private static Dictionary<string, JsonElement> Properties(JsonElement element, string prefix)
    {
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!properties.TryAdd(property.Name, property.Value))
            {
                throw new WireException($"duplicate field `{prefix}{property.Name}`", prefix + property.Name);
            }
        }
        return properties;
    }

    private static JsonElement Object(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Object ? element : throw new WireException($"{path} must be an object, got {Kind(element)}", path);

    private static IEnumerable<JsonElement> Array(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : throw new WireException($"{path} must be an array, got {Kind(element)}", path);

    private static EquatableList<string> Strings(JsonElement element, string path) =>
        Array(element, path).Select((e, i) => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new WireException($"{path}[{i}] must be a string, got {Kind(e)}", $"{path}[{i}]")).ToArray();

    private static JsonElement Required(Dictionary<string, JsonElement> properties, string path)
    {
        var name = path[(path.LastIndexOf('.') + 1)..];
        return properties.TryGetValue(name, out var value) ? value : throw new WireException($"missing field `{path}`", path);
    }

    private static string RequiredString(Dictionary<string, JsonElement> properties, string path)
    {
        var value = Required(properties, path);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new WireException($"{path} must be a string, got {Kind(value)}", path);
    }

    private static string? OptionalString(Dictionary<string, JsonElement> properties, string path)
    {
        var name = path[(path.LastIndexOf('.') + 1)..];
        if (!properties.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new WireException($"{path} must be a string or null, got {Kind(value)}", path);
    }

    /// <summary>A defaulted string: may be omitted, not null.</summary>
    private static string? OptionalNonNullString(Dictionary<string, JsonElement> properties, string path)
    {
        var name = path[(path.LastIndexOf('.') + 1)..];
        if (!properties.TryGetValue(name, out var value))
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new WireException($"{path} must be a string (it may be omitted, not null), got {Kind(value)}", path);
    }

    /// <summary>A defaulted boolean: may be omitted, not null.</summary>
    private static bool? OptionalBool(Dictionary<string, JsonElement> properties, string path)
    {
        var name = path[(path.LastIndexOf('.') + 1)..];
        if (!properties.TryGetValue(name, out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new WireException($"{path} must be a boolean (it may be omitted, not null), got {Kind(value)}", path),
        };
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
