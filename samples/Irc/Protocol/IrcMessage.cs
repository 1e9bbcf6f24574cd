using System.Text;

namespace LibreFang.Samples.Irc.Protocol;

/// <summary>
/// One IRC protocol line: optional IRCv3 tags, optional source prefix, a command (word or three-digit numeric) and its
/// parameters, the last of which may contain spaces.
/// </summary>
internal sealed record IrcMessage(IReadOnlyDictionary<string, string> Tags, string? Source, string Command, IReadOnlyList<string> Parameters)
{
    private static readonly IReadOnlyDictionary<string, string> NoTags = new Dictionary<string, string>();

    /// <summary>The nick part of the source (<c>nick!user@host</c>), or the whole source for a server.</summary>
    public string? SourceNick => Source is null ? null : Source.IndexOf('!') is var bang and >= 0 ? Source[..bang] : Source;

    /// <summary>The parameter at <paramref name="index"/>, or an empty string when there are fewer.</summary>
    public string Parameter(int index) => index < Parameters.Count ? Parameters[index] : "";

    /// <summary>Parses a line without its CR LF. Returns null for a line with no command.</summary>
    public static IrcMessage? Parse(string line)
    {
        var rest = line.AsSpan().TrimStart(' ');
        var tags = NoTags;
        if (rest.StartsWith("@"))
        {
            var end = rest.IndexOf(' ');
            if (end < 0)
            {
                return null;
            }
            tags = ParseTags(rest[1..end]);
            rest = rest[end..].TrimStart(' ');
        }
        string? source = null;
        if (rest.StartsWith(":"))
        {
            var end = rest.IndexOf(' ');
            if (end < 0)
            {
                return null;
            }
            source = rest[1..end].ToString();
            rest = rest[end..].TrimStart(' ');
        }
        var commandEnd = rest.IndexOf(' ');
        var command = (commandEnd < 0 ? rest : rest[..commandEnd]).ToString().ToUpperInvariant();
        if (command.Length == 0)
        {
            return null;
        }
        rest = commandEnd < 0 ? [] : rest[commandEnd..];
        var parameters = new List<string>();
        while (true)
        {
            rest = rest.TrimStart(' ');
            if (rest.IsEmpty)
            {
                break;
            }
            if (rest[0] == ':')
            {
                parameters.Add(rest[1..].ToString());
                break;
            }
            var end = rest.IndexOf(' ');
            parameters.Add((end < 0 ? rest : rest[..end]).ToString());
            rest = end < 0 ? [] : rest[end..];
        }
        return new IrcMessage(tags, source, command, parameters);
    }

    /// <summary>
    /// Formats a client line (no source, no CR LF). The last parameter gets the <c>:</c> marker when it needs it (empty,
    /// has a space, starts with a colon); the others must be single words. CR, LF and NUL never reach the wire: a
    /// parameter carrying them would let text inject a second command, so they become spaces.
    /// </summary>
    public static string Format(string command, params ReadOnlySpan<string> parameters)
    {
        var line = new StringBuilder(command);
        for (var i = 0; i < parameters.Length; i++)
        {
            var value = Sanitize(parameters[i]);
            var last = i == parameters.Length - 1;
            if (!last && (value.Length == 0 || value.Contains(' ') || value.StartsWith(':')))
            {
                throw new ArgumentException($"IRC parameter {i} of {command} must be one word: '{value}'", nameof(parameters));
            }
            line.Append(' ');
            if (last && (value.Length == 0 || value.Contains(' ') || value.StartsWith(':')))
            {
                line.Append(':');
            }
            line.Append(value);
        }
        return line.ToString();
    }

    private static string Sanitize(string value) =>
        value.AsSpan().IndexOfAny('\r', '\n', '\0') < 0 ? value : value.Replace('\r', ' ').Replace('\n', ' ').Replace('\0', ' ');

    private static Dictionary<string, string> ParseTags(ReadOnlySpan<char> raw)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var range in raw.Split(';'))
        {
            var tag = raw[range];
            if (tag.IsEmpty)
            {
                continue;
            }
            var equals = tag.IndexOf('=');
            var key = (equals < 0 ? tag : tag[..equals]).ToString();
            tags[key] = equals < 0 ? "" : UnescapeTagValue(tag[(equals + 1)..]);
        }
        return tags;
    }

    // IRCv3 message-tags escaping: \: ; \s space \\ backslash \r \n; any other escaped char stands for itself.
    private static string UnescapeTagValue(ReadOnlySpan<char> value)
    {
        if (value.IndexOf('\\') < 0)
        {
            return value.ToString();
        }
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\')
            {
                text.Append(value[i]);
                continue;
            }
            if (++i == value.Length)
            {
                break;
            }
            text.Append(value[i] switch { ':' => ';', 's' => ' ', 'r' => '\r', 'n' => '\n', var other => other });
        }
        return text.ToString();
    }
}
