using System.Text;
using CsCheck;
using LibreFang.Sidecar.Protocol;

namespace LibreFang.Sidecar.Tests.Protocol;

/// <summary>
/// The encoder's searches skip plain ASCII with vectorized scans; over every kind of character they must stop exactly
/// where a character-by-character reading of the rule does: at a control character, a quotation mark, a reverse
/// solidus, a lone surrogate or ill-formed UTF-8, and nowhere else.
/// </summary>
public sealed class RawUtf8JsonEncoderTests
{
    private static readonly Gen<char> Character = Gen.OneOf(
        Gen.Char['a', 'z'], Gen.Char[' ', '~'], Gen.Char['\0', '\u001f'], Gen.Const('"'), Gen.Const('\\'), Gen.Const('\u007f'),
        Gen.Char['\u0080', '\u07ff'], Gen.Char['\u0800', '\ud7ff'], Gen.Char['\ud800', '\udfff'], Gen.Char['\ue000', '\uffff']);

    // Long runs of plain ASCII around the interesting characters, so the vectorized part is exercised at every offset.
    private static readonly Gen<string> Text = Gen.Select(Character.Array[0, 12], Gen.Int[0, 80], Gen.Int[0, 80])
        .Select(t => new string('x', t.Item2) + new string(t.Item1) + new string('y', t.Item3));

    [Fact]
    public unsafe void The_utf16_search_stops_where_the_rule_says()
    {
        Text.Sample(text =>
        {
            fixed (char* start = text)
            {
                Assert.Equal(ReferenceUtf16(text), RawUtf8JsonEncoder.Instance.FindFirstCharacterToEncode(start, text.Length));
            }
        }, iter: 50_000, seed: "0LwTTk5Yq6m2");
    }

    [Fact]
    public void The_utf8_search_stops_where_the_rule_says()
    {
        // Bytes from well-formed text, then cut or flipped so ill-formed sequences appear too.
        Gen.Select(Text, Gen.Int[0, int.MaxValue], Gen.Bool).Select(t =>
        {
            var bytes = Encoding.UTF8.GetBytes(t.Item1);
            if (t.Item3 && bytes.Length > 0)
            {
                bytes[t.Item2 % bytes.Length] ^= 0x80;
            }
            return bytes;
        }).Sample(bytes => Assert.Equal(ReferenceUtf8(bytes), RawUtf8JsonEncoder.Instance.FindFirstCharacterToEncodeUtf8(bytes)), iter: 50_000, seed: "0ZbKxJ3Rk5n1");
    }

    [Fact]
    public void Text_written_in_a_frame_reads_back_the_same()
    {
        Text.Sample(text =>
        {
            var frame = WireFormat.EventToUtf8(new MessageBuilder("u", "U").Text(text).Build());
            using var document = System.Text.Json.JsonDocument.Parse(frame);
            var expected = new StringBuilder();
            foreach (var rune in text.EnumerateRunes())
            {
                expected.Append(rune.ToString()); // a lone surrogate reads as U+FFFD
            }
            Assert.Equal(expected.ToString(), document.RootElement.GetProperty("params").GetProperty("text").GetString());
        }, iter: 10_000, seed: "0S6qv1X4fN21");
    }

    private static int ReferenceUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x20 || c == '"' || c == '\\')
            {
                return i;
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return i;
            }
        }
        return -1;
    }

    private static int ReferenceUtf8(byte[] bytes)
    {
        for (var i = 0; i < bytes.Length;)
        {
            if (bytes[i] < 0x80)
            {
                if (bytes[i] < 0x20 || bytes[i] == '"' || bytes[i] == '\\')
                {
                    return i;
                }
                i++;
            }
            else if (Rune.DecodeFromUtf8(bytes.AsSpan(i), out _, out var consumed) == System.Buffers.OperationStatus.Done)
            {
                i += consumed;
            }
            else
            {
                return i;
            }
        }
        return -1;
    }
}
