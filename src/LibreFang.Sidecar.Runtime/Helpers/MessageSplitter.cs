using System.Globalization;
using System.Text;

namespace LibreFang.Sidecar.Helpers;

/// <summary>How a platform counts a message's length.</summary>
public enum TextUnit
{
    /// <summary>Unicode code points (scalar values): the upstream Python SDK's <c>len(str)</c>.</summary>
    CodePoints,
    /// <summary>UTF-16 code units: .NET's <c>string.Length</c>, and Telegram's limit.</summary>
    Utf16CodeUnits,
    /// <summary>UTF-8 bytes: IRC's line limit.</summary>
    Utf8Bytes,
}

/// <summary>Splits a message into chunks that each fit a platform's length limit.</summary>
public static class MessageSplitter
{
    /// <summary>
    /// Splits <paramref name="text"/> into chunks of at most <paramref name="limit"/> units. A chunk ends at the last
    /// newline that fits (a newline at the very start does not count), and the newlines after such a cut are dropped,
    /// so no later chunk starts with one; otherwise it is cut at the limit. A cut never splits a UTF-16 surrogate pair
    /// or a UTF-8 sequence, and never a grapheme cluster (a letter with its combining marks, a ZWJ emoji, a flag)
    /// unless that cluster alone is longer than the limit. Text that fits is returned whole (so <c>""</c> gives <c>[""]</c>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The limit is below what one code point can need in the unit (1 code point, 2 UTF-16 units, 4 UTF-8 bytes).</exception>
    public static IReadOnlyList<string> Split(string text, int limit, TextUnit unit = TextUnit.CodePoints)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, unit == TextUnit.Utf8Bytes ? 4 : unit == TextUnit.Utf16CodeUnits ? 2 : 1);
        // The size of what is left is kept as a running total: measuring the rest again for every chunk made a 16 MiB
        // text take minutes.
        var remaining = Measure(text, unit);
        if (remaining <= limit)
        {
            return [text];
        }
        var chunks = new List<string>();
        var rest = text.AsSpan();
        while (remaining > limit)
        {
            var fits = FittingPrefixLength(rest, limit, unit);
            var newline = rest[..fits].LastIndexOf('\n');
            var consumed = fits;
            if (newline > 0)
            {
                chunks.Add(rest[..newline].ToString());
                consumed = rest.Length - rest[newline..].TrimStart('\n').Length;
            }
            else
            {
                chunks.Add(rest[..fits].ToString());
            }
            remaining -= Measure(rest[..consumed], unit);
            rest = rest[consumed..];
        }
        if (!rest.IsEmpty)
        {
            chunks.Add(rest.ToString());
        }
        return chunks;
    }

    /// <summary>The length of <paramref name="text"/> in <paramref name="unit"/>.</summary>
    public static int Measure(ReadOnlySpan<char> text, TextUnit unit) => unit switch
    {
        TextUnit.Utf16CodeUnits => text.Length,
        TextUnit.Utf8Bytes => Encoding.UTF8.GetByteCount(text),
        _ => CountRunes(text),
    };

    /// <summary>The longest prefix (in chars) that fits, ending on a grapheme boundary when possible, else on a scalar boundary.</summary>
    private static int FittingPrefixLength(ReadOnlySpan<char> text, int limit, TextUnit unit)
    {
        // A prefix that fits holds at most 2 chars per unit, so the search never looks past that window plus the code
        // point after it (whether a cluster ends depends on the next code point only); otherwise one giant grapheme
        // cluster (a letter with a million combining marks) would be scanned again for every chunk. The window never
        // ends inside a surrogate pair, so that next code point is always whole.
        var windowLength = (int)Math.Min(text.Length, 2L * limit + 4);
        if (windowLength < text.Length && char.IsHighSurrogate(text[windowLength - 1]))
        {
            windowLength--;
        }
        var window = text[..windowLength];
        var used = 0;
        var end = 0;
        while (end < window.Length)
        {
            var simple = end + 1 < window.Length && IsLoneCluster(window[end]) && IsLoneCluster(window[end + 1]);
            var element = simple ? 1 : StringInfo.GetNextTextElementLength(window[end..]);
            if (end + element == window.Length && window.Length < text.Length)
            {
                break; // a prefix that reaches the end of the window cannot fit
            }
            var size = simple ? SizeOfBmpChar(window[end], unit) : Measure(window.Slice(end, element), unit);
            if (used + size > limit)
            {
                break;
            }
            used += size;
            end += element;
        }
        if (end > 0)
        {
            return end;
        }
        // The first grapheme cluster alone is over the limit: fall back to whole scalar values.
        foreach (var rune in text.EnumerateRunes())
        {
            var size = unit switch { TextUnit.Utf16CodeUnits => rune.Utf16SequenceLength, TextUnit.Utf8Bytes => rune.Utf8SequenceLength, _ => 1 };
            if (used + size > limit)
            {
                break;
            }
            used += size;
            end += rune.Utf16SequenceLength;
        }
        return end;
    }

    // Characters that are a whole grapheme cluster on their own and that nothing before or after can join, as long as
    // their neighbour is one of them too: ASCII but CR, CJK ideographs, kana (not the combining sound marks), Hangul
    // syllables (only jamo join them) and the fullwidth forms of ASCII. Between two of them there is always a cluster
    // boundary, so most chat text skips StringInfo's lookup, which made a 16 MiB text take most of a second.
    private static bool IsLoneCluster(char c) => c < 0x80
        ? c != '\r'
        : c is >= '\u3400' and <= '\u4DBF' or >= '\u4E00' and <= '\u9FFF' or >= '\u3041' and <= '\u3096'
            or >= '\u30A1' and <= '\u30FA' or >= '\uAC00' and <= '\uD7A3' or >= '\uFF01' and <= '\uFF5E';

    private static int SizeOfBmpChar(char c, TextUnit unit) => unit == TextUnit.Utf8Bytes ? (c < 0x80 ? 1 : c < 0x800 ? 2 : 3) : 1;

    private static int CountRunes(ReadOnlySpan<char> text)
    {
        // Without surrogates every char is one code point; the vectorised search makes that the common case's cost.
        var first = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return text.Length;
        }
        var count = first;
        foreach (var _ in text[first..].EnumerateRunes())
        {
            count++;
        }
        return count;
    }
}
