using System.Text.Encodings.Web;

namespace LibreFang.Sidecar.Protocol;

/// <summary>
/// Escapes only what JSON requires (quotation mark, reverse solidus, control characters below U+0020) and writes every
/// other character raw, emoji included. The built-in encoders, even <c>UnsafeRelaxedJsonEscaping</c>, escape characters
/// outside the Basic Multilingual Plane; the protocol wants raw UTF-8 like the daemon writes.
/// </summary>
internal sealed class RawUtf8JsonEncoder : JavaScriptEncoder
{
    public static RawUtf8JsonEncoder Instance { get; } = new();

    public override int MaxOutputCharactersPerInputCharacter => 6; // \uXXXX

    public override bool WillEncode(int unicodeScalar) => unicodeScalar < 0x20 || unicodeScalar == '"' || unicodeScalar == '\\';

    // Printable ASCII but the quotation mark and the reverse solidus: what every string is mostly made of, skipped
    // with vectorized searches. Anything else is looked at one character at a time.
    private const string PlainAsciiCharacters =
        " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~\u007f";

    private static readonly System.Buffers.SearchValues<char> PlainAscii = System.Buffers.SearchValues.Create(PlainAsciiCharacters);
    private static readonly System.Buffers.SearchValues<byte> PlainAsciiBytes = System.Buffers.SearchValues.Create(System.Text.Encoding.ASCII.GetBytes(PlainAsciiCharacters));

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var span = new ReadOnlySpan<char>(text, textLength);
        var i = 0;
        while (true)
        {
            var next = span[i..].IndexOfAnyExcept(PlainAscii);
            if (next < 0)
            {
                return -1;
            }
            i += next;
            var c = span[i];
            if (c < 0x20 || c == '"' || c == '\\')
            {
                return i;
            }
            if (char.IsSurrogate(c))
            {
                // A well-formed pair is written raw; a lone surrogate must take the escaping path, which substitutes
                // U+FFFD. Reporting it as "nothing to encode" made the writer stop at it and drop the rest of the string.
                if (!char.IsHighSurrogate(c) || i + 1 >= span.Length || !char.IsLowSurrogate(span[i + 1]))
                {
                    return i;
                }
                i++;
            }
            i++;
        }
    }

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        var i = 0;
        while (true)
        {
            var next = utf8Text[i..].IndexOfAnyExcept(PlainAsciiBytes);
            if (next < 0)
            {
                return -1;
            }
            i += next;
            var b = utf8Text[i];
            if (b < 0x80)
            {
                return i; // a control character, '"' or '\\'
            }
            // Ill-formed UTF-8 takes the escaping path too, where it is replaced instead of truncating the value.
            if (System.Text.Rune.DecodeFromUtf8(utf8Text[i..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return i;
            }
            i += consumed;
        }
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var output = new Span<char>(buffer, bufferLength);
        ReadOnlySpan<char> escape = unicodeScalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\b' => "\\b",
            '\f' => "\\f",
            _ => default,
        };
        if (escape.IsEmpty && unicodeScalar < 0x20)
        {
            if (output.Length < 6)
            {
                numberOfCharactersWritten = 0;
                return false;
            }
            "\\u00".CopyTo(output);
            output[4] = HexDigit(unicodeScalar >> 4);
            output[5] = HexDigit(unicodeScalar & 0xF);
            numberOfCharactersWritten = 6;
            return true;
        }
        if (escape.IsEmpty)
        {
            // Not ours to escape: write the scalar as is.
            var rune = new System.Text.Rune(unicodeScalar);
            return rune.TryEncodeToUtf16(output, out numberOfCharactersWritten);
        }
        if (!escape.TryCopyTo(output))
        {
            numberOfCharactersWritten = 0;
            return false;
        }
        numberOfCharactersWritten = escape.Length;
        return true;
    }

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'a' + value - 10);
}
