using System.Globalization;
using System.Text;
using CsCheck;
using LibreFang.Sidecar.Helpers;

namespace LibreFang.Sidecar.Helpers.Tests;

/// <summary>
/// The splitter's fast path (characters known to stand alone skip the grapheme lookup) against a reference that asks
/// StringInfo about every cluster, over random text from the alphabets where cluster rules bite: CR LF, combining
/// marks, Hangul syllables and jamo, kana with their combining sound marks, emoji with modifiers and ZWJ, flags.
/// </summary>
public sealed class MessageSplitterPropertyTests
{
    private static readonly string[] Pieces =
    [
        "a", "Z", " ", "\n", "\r", "\r\n", "é", "e\u0301", "\u0301", "你", "好", "，", "。", "\u3000", "\u302A",
        "한", "글", "\u1100", "\u1161", "\u11A8", "か", "\u3099", "\u309A", "ガ", "ｶ", "\uFF9E", "Ａ", "！", "👋", "👋🏽",
        "👩\u200D💻", "\u200D", "🇫🇷", "🇫", "\uFE0F", "1\uFE0F\u20E3", "\u0600", "\u0915\u093F", "\uD800",
    ];

    [Theory]
    [InlineData(TextUnit.CodePoints)]
    [InlineData(TextUnit.Utf16CodeUnits)]
    [InlineData(TextUnit.Utf8Bytes)]
    public void The_fast_path_cuts_where_a_cluster_by_cluster_walk_cuts(TextUnit unit)
    {
        var text = Gen.Int[0, Pieces.Length - 1].Array[0, 120].Select(indexes => string.Concat(indexes.Select(i => Pieces[i])));
        Gen.Select(text, Gen.Int[4, 24]).Sample(t =>
        {
            var (value, limit) = t;
            Assert.Equal(ReferenceSplit(value, limit, unit), MessageSplitter.Split(value, limit, unit));
        }, iter: 20_000, seed: "0SplitQ6lZm1");
    }

    // The algorithm MessageSplitter documents, one StringInfo cluster at a time, with no shortcuts.
    private static List<string> ReferenceSplit(string text, int limit, TextUnit unit)
    {
        var chunks = new List<string>();
        var rest = text;
        if (MessageSplitter.Measure(rest, unit) <= limit)
        {
            return [text];
        }
        while (MessageSplitter.Measure(rest, unit) > limit)
        {
            var fits = Fitting(rest, limit, unit);
            var newline = rest[..fits].LastIndexOf('\n');
            if (newline > 0)
            {
                chunks.Add(rest[..newline]);
                rest = rest[newline..].TrimStart('\n');
            }
            else
            {
                chunks.Add(rest[..fits]);
                rest = rest[fits..];
            }
        }
        if (rest.Length > 0)
        {
            chunks.Add(rest);
        }
        return chunks;
    }

    private static int Fitting(string text, int limit, TextUnit unit)
    {
        int used = 0, end = 0;
        while (end < text.Length)
        {
            var element = StringInfo.GetNextTextElementLength(text.AsSpan(end));
            var size = MessageSplitter.Measure(text.AsSpan(end, element), unit);
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
}
