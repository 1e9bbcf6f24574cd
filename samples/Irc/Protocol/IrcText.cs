using System.Globalization;
using System.Text;
using LibreFang.Sidecar.Helpers;

namespace LibreFang.Samples.Irc.Protocol;

/// <summary>Text rules of IRC: the 512-byte line, CTCP framing and mIRC formatting codes.</summary>
internal static class IrcText
{
    /// <summary>The protocol's line limit in bytes, CR LF included (RFC 1459 §2.3).</summary>
    public const int MaxLineBytes = 512;

    /// <summary>The smallest payload budget worth sending; below it the target name is unreasonably long.</summary>
    public const int MinimumBudget = 32;

    private const char CtcpDelimiter = '\x01';

    /// <summary>
    /// How many UTF-8 bytes of text fit in one <c>command target :text</c> line as other clients receive it. The server
    /// relays it with our source (<c>:nick!user@host </c>) in front, and that relayed line must still fit in 512 bytes.
    /// </summary>
    public static int PayloadBudget(int sourceBytes, string command, string target) =>
        MaxLineBytes - 2 /* CR LF */ - (1 + sourceBytes + 1) /* ":source " */ - Encoding.UTF8.GetByteCount(command) - 1 - Encoding.UTF8.GetByteCount(target) - 2 /* " :" */;

    /// <summary>
    /// Splits text into payloads of at most <paramref name="budget"/> UTF-8 bytes: one or more per line of the text
    /// (IRC has no multi-line messages; blank lines are dropped). A long line is cut at its last space that fits, else
    /// at the budget; a cut never splits a UTF-8 sequence or a grapheme cluster.
    /// </summary>
    public static List<string> Split(string text, int budget)
    {
        var payloads = new List<string>();
        foreach (var rawLine in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = rawLine.TrimEnd();
            while (line.Length > 0)
            {
                if (Encoding.UTF8.GetByteCount(line) <= budget)
                {
                    payloads.Add(line);
                    break;
                }
                var fits = MessageSplitter.Split(line, budget, TextUnit.Utf8Bytes)[0].Length;
                var space = line[fits] == ' ' ? fits : line.LastIndexOf(' ', fits - 1, fits);
                // A space in the first half would leave very short lines behind; cut the word instead.
                var cut = space > fits / 2 ? space : fits;
                payloads.Add(line[..cut].TrimEnd());
                line = line[cut..].TrimStart(' ');
            }
        }
        return payloads;
    }

    /// <summary>Wraps text as a CTCP ACTION (<c>/me</c>).</summary>
    public static string Action(string text) => $"{CtcpDelimiter}ACTION {text}{CtcpDelimiter}";

    /// <summary>The bytes a CTCP ACTION adds around its text.</summary>
    public static int ActionOverhead => Encoding.UTF8.GetByteCount(Action(""));

    /// <summary>Reads a CTCP request or reply (<c>\x01COMMAND argument\x01</c>; the closing delimiter is optional).</summary>
    public static bool TryParseCtcp(string text, out string command, out string argument)
    {
        command = argument = "";
        if (text.Length < 2 || text[0] != CtcpDelimiter)
        {
            return false;
        }
        var body = text.AsSpan(1);
        if (body.EndsWith(CtcpDelimiter))
        {
            body = body[..^1];
        }
        var space = body.IndexOf(' ');
        command = (space < 0 ? body : body[..space]).ToString().ToUpperInvariant();
        argument = space < 0 ? "" : body[(space + 1)..].ToString();
        return command.Length > 0;
    }

    /// <summary>Formats a CTCP reply for a NOTICE.</summary>
    public static string CtcpReply(string command, string argument) => $"{CtcpDelimiter}{command} {argument}{CtcpDelimiter}";

    /// <summary>
    /// Removes mIRC formatting: bold, italics, underline, strike-through, monospace, reverse, reset, and colours
    /// (<c>\x03</c> with up to two foreground and two background digits, <c>\x04</c> with hex RGB).
    /// </summary>
    public static string StripFormatting(string text)
    {
        if (text.AsSpan().IndexOfAny("\u0002\u0003\u0004\u000F\u0011\u0016\u001D\u001E\u001F") < 0)
        {
            return text;
        }
        var plain = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\x02' or '\x0F' or '\x11' or '\x16' or '\x1D' or '\x1E' or '\x1F':
                    break;
                case '\x03':
                    i = SkipColour(text, i, static c => char.IsAsciiDigit(c), 2);
                    break;
                case '\x04':
                    i = SkipColour(text, i, char.IsAsciiHexDigit, 6);
                    break;
                default:
                    plain.Append(text[i]);
                    break;
            }
        }
        return plain.ToString();
    }

    // Skips "<fg>[,<bg>]" after a colour code; returns the index of the last character consumed.
    private static int SkipColour(string text, int code, Func<char, bool> digit, int width)
    {
        var i = code + 1;
        var taken = 0;
        while (taken < width && i < text.Length && digit(text[i]))
        {
            i++;
            taken++;
        }
        if (taken > 0 && i + 1 < text.Length && text[i] == ',' && digit(text[i + 1]))
        {
            i++;
            taken = 0;
            while (taken < width && i < text.Length && digit(text[i]))
            {
                i++;
                taken++;
            }
        }
        return i - 1;
    }

    /// <summary>Whether <paramref name="text"/> addresses <paramref name="nick"/>: "nick: …", "nick, …" or the nick as a word.</summary>
    public static bool Mentions(string text, string nick)
    {
        var index = 0;
        while ((index = text.IndexOf(nick, index, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var before = index == 0 || !IsNickChar(text[index - 1]);
            var end = index + nick.Length;
            var after = end == text.Length || !IsNickChar(text[end]);
            if (before && after)
            {
                return true;
            }
            index = end;
        }
        return false;
    }

    // RFC 2812 nick characters: letters, digits and []\`_^{|}-
    private static bool IsNickChar(char c) => char.IsAsciiLetterOrDigit(c) || "[]\\`_^{|}-".Contains(c);

    /// <summary>Invariant decimal formatting for coordinates.</summary>
    public static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
