using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using LibreFang.Sidecar.Protocol;

namespace LibreFang.Sidecar.Tests.Protocol;

/// <summary>
/// The parser's contract over arbitrary input: any byte sequence either parses or comes back as a
/// <see cref="ProtocolError"/> with a readable message; nothing is thrown out of the line. Inputs are random bytes and
/// the conformance corpus's commands mutated the ways a hostile or broken daemon would.
/// </summary>
public sealed class CommandParserPropertyTests
{
    private static readonly string[] Corpus = Directory
        .EnumerateFiles(Path.Combine(RepositoryRoot(), "conformance", "corpus", "commands"), "*.json")
        .Order(StringComparer.Ordinal)
        .Select(path => JsonNode.Parse(File.ReadAllText(path))!.ToJsonString())
        .ToArray();

    private static readonly string[] Insertions =
    [
        "\\ud800", "\\udfff", "\\u0000", "\u0000", "\"", "\\", "{", "}", "[", "]", ",", ":", "null", "1e999", "-0",
        "18446744073709551616", "\"x\":1,", "\u2028", "\r", "\uFFFD", "true", "[[[[[[[[", "\"params\":null,",
    ];

    [Fact]
    public void Random_bytes_parse_or_fail_with_a_protocol_error()
    {
        Gen.Byte.Array[0, 256].Sample(AssertContract, iter: 20_000, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Mutated_corpus_commands_parse_or_fail_with_a_protocol_error()
    {
        Gen.Select(Gen.Int[0, Corpus.Length - 1], Gen.Int[0, 6], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue])
            .Select(t => Mutate(Corpus[t.Item1], t.Item2, t.Item3, t.Item4))
            .Sample(AssertContract, iter: 50_000, seed: "0Y2hQaQZJbO1");
    }

    [Fact]
    public void The_one_pass_reading_accepts_only_what_the_full_reading_accepts_and_reads_it_the_same()
    {
        var shortcutTaken = 0;
        Gen.Select(Gen.Int[0, Corpus.Length - 1], Gen.Int[0, 7], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue])
            .Select(t => t.Item2 == 7 ? Encoding.UTF8.GetBytes(Corpus[t.Item1]) : Mutate(Corpus[t.Item1], t.Item2, t.Item3, t.Item4))
            .Sample(bytes =>
            {
                var line = bytes.AsSpan().Trim(" \t\r\n"u8);
                if (!System.Text.Unicode.Utf8.IsValid(line) || CommandParser.ParseMethodFirst(line) is not { } shortcut)
                {
                    return;
                }
                Interlocked.Increment(ref shortcutTaken);
                Command full;
                try
                {
                    full = CommandParser.ParseAnyOrder(line);
                }
                catch (Exception ex)
                {
                    throw new Xunit.Sdk.XunitException($"the one-pass reading accepted what the full reading rejects ({ex.Message}): {Printable(bytes)}");
                }
                Assert.Equal(full, shortcut);
            }, iter: 50_000, seed: "0Y2hQaQZJbO1");
        Assert.True(shortcutTaken > 5_000, $"the one-pass reading was taken {shortcutTaken} times");
    }

    [Fact]
    public void Identifiers_read_back_exactly_however_often_they_repeat_or_resemble_each_other()
    {
        // A small alphabet and short lengths: many repeats, many values of one length sharing first, middle and last
        // characters, and some over the length that is remembered.
        var id = Gen.Select(Gen.Char["abé"].Array[1, 40], Gen.Int[0, 3]).Select(t => t.Item2 == 0 ? new string(t.Item1) + "😀" : new string(t.Item1));
        Gen.Select(id, id, id).Sample(t =>
        {
            var line = "{\"method\":\"send\",\"params\":{\"channel_id\":\"" + t.Item1 + "\",\"text\":\"t\",\"user\":{\"platform_id\":\"" + t.Item2 + "\",\"display_name\":\"" + t.Item3 + "\"}}}";
            var send = Assert.IsType<SendCommand>(CommandParser.Parse(Encoding.UTF8.GetBytes(line)).Value);
            Assert.Equal((t.Item1, t.Item2, t.Item3), (send.ChannelId, send.User.PlatformId, send.User.DisplayName));
        }, iter: 50_000, seed: "0d8Lr2WqPx71");
    }

    [Fact]
    public void Every_corpus_command_survives_a_write_and_a_second_parse_unchanged()
    {
        foreach (var line in Corpus)
        {
            var first = CommandParser.Parse(Encoding.UTF8.GetBytes(line));
            Assert.True(first.Error is null, line + ": " + first.Error?.Message);
            Assert.Equal(first.Value, CommandParser.Parse(WireFormat.CommandToUtf8(first.Value!)).Value);
        }
    }

    [Theory]
    [InlineData("""{"method":"\ud800"}""", "method")]
    [InlineData("""{"method":"typing","params":{"channel_id":"\ud800"}}""", "params.channel_id")]
    [InlineData("""{"method":"send","params":{"channel_id":"c","text":"a\udc00b","user":{"platform_id":"p","display_name":"d"}}}""", "params.text")]
    [InlineData("""{"method":"send","params":{"channel_id":"c","text":"t","user":{"platform_id":"p","display_name":"d"},"content":{"Text":"\ud83d"}}}""", "params.content.Text")]
    [InlineData("""{"method":"send","params":{"channel_id":"c","text":"t","user":{"platform_id":"\ud800","display_name":"d"}}}""", "params.user.platform_id")]
    [InlineData("""{"method":"reaction","params":{"channel_id":"c","message_id":"m","reaction":"r","tool_name":"\udbff"}}""", "params.tool_name")]
    public void A_lone_surrogate_escape_is_an_error_naming_its_field(string line, string field)
    {
        var result = CommandParser.Parse(Encoding.UTF8.GetBytes(line));

        Assert.Null(result.Value);
        Assert.Equal(field, result.Error!.Field);
        Assert.Contains("surrogate", result.Error.Message);
    }

    [Fact]
    public void A_properly_paired_surrogate_escape_is_text()
    {
        var typing = Assert.IsType<TypingCommand>(CommandParser.Parse("""{"method":"typing","params":{"channel_id":"\ud83d\ude00"}}"""u8).Value);

        Assert.Equal("😀", typing.ChannelId);
    }

    [Theory]
    [InlineData("{", "the line ends before the JSON value is complete (byte 1)")]
    [InlineData("""{"method":"send",}""", "unexpected '}' at byte 17")]
    [InlineData("{\"method\":\"se\u0001nd\"}", "unexpected byte 0x01 inside a string at byte 13")]
    public void Invalid_json_is_described_in_the_sdks_own_words(string line, string expected)
    {
        var result = CommandParser.Parse(Encoding.UTF8.GetBytes(line));

        Assert.Equal("invalid JSON: " + expected, result.Error!.Message);
    }

    [Fact]
    public void A_number_too_large_for_a_double_says_so_instead_of_calling_it_the_wrong_kind()
    {
        var line = """{"method":"send","params":{"channel_id":"c","text":"t","user":{"platform_id":"p","display_name":"d"},"content":{"Location":{"lat":1e400,"lon":1}}}}""";

        var error = CommandParser.Parse(Encoding.UTF8.GetBytes(line)).Error!;

        Assert.Equal("params.content.Location.lat", error.Field);
        Assert.Contains("out of range", error.Message);
    }

    [Fact]
    public void Nesting_past_the_limit_is_described_as_such()
    {
        var line = """{"method":"send","params":""" + new string('[', 200) + new string(']', 200) + "}";

        Assert.StartsWith("invalid JSON: nested deeper than 64 levels", CommandParser.Parse(Encoding.UTF8.GetBytes(line)).Error!.Message);
    }

    private static void AssertContract(byte[] line)
    {
        ParseResult<Command> result;
        try
        {
            result = CommandParser.Parse(line);
        }
        catch (Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"Parse threw {ex.GetType().Name} ({ex.Message}) for: {Printable(line)}");
        }
        Assert.True(result.Value is null != result.Error is null, "exactly one of value and error: " + Printable(line));
        if (result.Error is { } error)
        {
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
            Assert.DoesNotContain("System.", error.Message);
            return;
        }
        if (result.Value is not UnknownCommand)
        {
            // What was accepted means the same after a write and a second parse.
            Assert.Equal(result.Value, CommandParser.Parse(WireFormat.CommandToUtf8(result.Value!)).Value);
        }
    }

    private static byte[] Mutate(string line, int kind, int a, int b)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var at = bytes.Length == 0 ? 0 : a % bytes.Length;
        switch (kind)
        {
            case 0: // flip one bit
                bytes[at] ^= (byte)(1 << (b % 8));
                return bytes;
            case 1: // truncate
                return bytes[..at];
            case 2: // insert a troublesome token at a random place
                return [.. bytes[..at], .. Encoding.UTF8.GetBytes(Insertions[b % Insertions.Length]), .. bytes[at..]];
            case 3: // replace a string value with a lone surrogate escape
                var quote = line.IndexOf(":\"", a % line.Length, StringComparison.Ordinal);
                return quote < 0 ? bytes : Encoding.UTF8.GetBytes(line[..(quote + 2)] + (b % 2 == 0 ? "\\ud800" : "x\\udc00") + line[(quote + 2)..]);
            case 4: // swap a value's type
                var colon = line.IndexOf(':', a % line.Length);
                string[] values = ["1", "true", "null", "[]", "{}", "\"s\"", "-1.5e3"];
                return colon < 0 ? bytes : Encoding.UTF8.GetBytes(line[..(colon + 1)] + values[b % values.Length] + "," + line[(colon + 1)..]);
            case 5: // duplicate a key
                return Encoding.UTF8.GetBytes(line.Replace("{\"method\"", "{\"method\":\"x\",\"method\"", StringComparison.Ordinal));
            default: // an invalid UTF-8 byte
                return [.. bytes[..at], (byte)(0x80 + b % 0x80), .. bytes[at..]];
        }
    }

    private static string Printable(byte[] line) => Convert.ToHexString(line.AsSpan(0, Math.Min(line.Length, 200)));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LibreFang.Sidecar.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("no LibreFang.Sidecar.sln above " + AppContext.BaseDirectory);
    }
}
