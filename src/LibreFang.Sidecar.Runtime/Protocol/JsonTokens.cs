using System.Text.Json;

namespace LibreFang.Sidecar.Protocol;

/// <summary>What the protocol readers share about JSON tokens: their names in messages, strings, and invalid JSON.</summary>
internal static class JsonTokens
{
    /// <summary>A token's kind as a message names it.</summary>
    public static string Kind(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    /// <summary>
    /// The string (or property name) under <paramref name="reader"/>. JSON lets an escape spell half of a UTF-16
    /// surrogate pair (<c>"\ud800"</c>), which is no text at all: that becomes a <see cref="WireException"/> naming the
    /// field, never an exception that escapes the line.
    /// </summary>
    public static string GetString(ref Utf8JsonReader reader, string method, string path)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new WireException($"{method}: {path} is not valid text: a \\u escape leaves half of a UTF-16 surrogate pair", path);
        }
    }

    /// <summary>
    /// <see cref="GetString(ref Utf8JsonReader, string, string)"/> for the field <paramref name="prefix"/> +
    /// <paramref name="field"/>, with the two joined only for the error: most lines have no error, and the join cost an
    /// allocation per string field of every command.
    /// </summary>
    public static string GetString(ref Utf8JsonReader reader, string method, string prefix, string field)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            var path = prefix + field;
            throw new WireException($"{method}: {path} is not valid text: a \\u escape leaves half of a UTF-16 surrogate pair", path);
        }
    }

    /// <summary>The message for a lone surrogate escape where no field name can be reported (an escaped property name).</summary>
    public const string LoneSurrogateInLine = "command line is not valid text: a \\u escape leaves half of a UTF-16 surrogate pair";

    /// <summary>True when <paramref name="line"/> spells a UTF-16 surrogate as a <c>\uD800</c>-<c>\uDFFF</c> escape.</summary>
    public static bool HasSurrogateEscape(ReadOnlySpan<byte> line)
    {
        for (var at = line.IndexOf("\\u"u8); at >= 0; )
        {
            var rest = line[(at + 2)..];
            if (rest.Length >= 2 && rest[0] is (byte)'d' or (byte)'D' && rest[1] is >= (byte)'8' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F')
            {
                return true;
            }
            var next = rest.IndexOf("\\u"u8);
            at = next < 0 ? -1 : at + 2 + next;
        }
        return false;
    }

    /// <summary>
    /// Why <paramref name="line"/> is not JSON, in the SDK's own words: the framework's message may be a bare resource
    /// key in a size-trimmed binary, and it names .NET types an operator has no use for.
    /// </summary>
    public static string DescribeInvalidJson(JsonException exception, ReadOnlySpan<byte> line, int maxDepth)
    {
        var position = (int)Math.Min(exception.BytePositionInLine ?? 0, line.Length);
        var (depth, inString) = Scan(line[..position]);
        if (depth >= maxDepth)
        {
            return $"invalid JSON: nested deeper than {maxDepth} levels (byte {position})";
        }
        if (position >= line.Length)
        {
            return $"invalid JSON: the line ends before the JSON value is complete (byte {position})";
        }
        var where = inString ? " inside a string" : "";
        var value = line[position];
        return value is >= 0x20 and < 0x7F
            ? $"invalid JSON: unexpected '{(char)value}'{where} at byte {position}"
            : $"invalid JSON: unexpected byte 0x{value:X2}{where} at byte {position}";
    }

    // Nesting depth and string state at the end of a prefix of a JSON text.
    private static (int Depth, bool InString) Scan(ReadOnlySpan<byte> prefix)
    {
        var depth = 0;
        var inString = false;
        for (var i = 0; i < prefix.Length; i++)
        {
            var b = prefix[i];
            if (inString)
            {
                if (b == (byte)'\\')
                {
                    i++;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }
            }
            else if (b == (byte)'"')
            {
                inString = true;
            }
            else if (b is (byte)'{' or (byte)'[')
            {
                depth++;
            }
            else if (b is (byte)'}' or (byte)']')
            {
                depth--;
            }
        }
        return (depth, inString);
    }
}
