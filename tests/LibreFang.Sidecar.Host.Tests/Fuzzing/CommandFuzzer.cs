using System.Text;
using System.Text.Json.Nodes;

namespace LibreFang.Sidecar.Host.Tests.Fuzzing;

/// <summary>
/// A seeded, deterministic stream of command lines: the conformance corpus's commands mutated the ways a broken or
/// hostile daemon would (bit flips, truncation, type swaps, deep nesting, huge numbers, duplicate keys, NUL bytes,
/// invalid UTF-8, lone surrogate escapes, blank lines, 16 MiB lines), interleaved with valid <c>send</c>s whose text
/// is <c>f0</c>, <c>f1</c>, … so that their answers can be counted.
/// </summary>
internal sealed class CommandFuzzer
{
    public const string Channel = "fuzz";
    public const int HugeLineBytes = 16 * 1024 * 1024;

    private static readonly string[] Replacements = ["1", "-1", "true", "null", "[]", "{}", "\"\"", "1e999999", "123456789012345678901234567890", "[[[]]]", "\"\\ud800\""];

    private readonly Random _random;
    private readonly string[] _corpus;
    private readonly int _hugeLineEvery;

    /// <param name="seed">Same seed, same lines.</param>
    /// <param name="corpusDirectory">The corpus's <c>commands</c> folder; <c>shutdown</c> is left out, since it would end the run.</param>
    /// <param name="hugeLineEvery">One 16 MiB line in this many (0: none).</param>
    public CommandFuzzer(int seed, string corpusDirectory, int hugeLineEvery)
    {
        _random = new Random(seed);
        _hugeLineEvery = hugeLineEvery;
        _corpus = Directory.EnumerateFiles(corpusDirectory, "*.json")
            .Where(path => !Path.GetFileName(path).StartsWith("shutdown", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(path => JsonNode.Parse(File.ReadAllText(path))!.ToJsonString())
            .ToArray();
    }

    /// <summary>Valid sends written so far; the next one carries this number.</summary>
    public int ValidSends { get; private set; }

    /// <summary>The next line, newline included.</summary>
    public byte[] Next(int index)
    {
        if (_hugeLineEvery > 0 && index % _hugeLineEvery == _hugeLineEvery / 2)
        {
            return HugeLine(index / _hugeLineEvery);
        }
        if (_random.Next(3) == 0)
        {
            var send = Send("f" + ValidSends++);
            // A daemon on Windows line endings: the \r is dropped, the send stays valid.
            return Line(_random.Next(10) == 0 ? send + "\r" : send);
        }
        var line = _corpus[_random.Next(_corpus.Length)];
        return _random.Next(13) switch
        {
            0 => FlipBits(line),
            1 => Line(line[.._random.Next(line.Length)]),
            2 => Line(SwapValue(line)),
            3 => Line("{\"method\":\"send\",\"params\":" + new string('[', 10_000) + new string(']', 10_000) + "}"),
            4 => Line("{\"method\":\"typing\",\"params\":{\"channel_id\":" + (_random.Next(2) == 0 ? "1e999999" : new string('9', 5_000)) + "}}"),
            5 => Line(line.Replace("\"params\":{", "\"params\":{\"channel_id\":1,\"channel_id\":\"twice\",", StringComparison.Ordinal)),
            6 => Insert(Encoding.UTF8.GetBytes(line), [0]),
            7 => Insert(Encoding.UTF8.GetBytes(line), [(byte)(0x80 + _random.Next(0x40))]),
            8 => Line(ReplaceAString(line, _random.Next(2) == 0 ? "\\ud800" : "ok\\udfff")),
            9 => Line(_random.Next(2) == 0 ? "" : " \t "),
            10 => Line("\u0000\u0001" + line),
            _ => Line(line),
        };
    }

    /// <summary>A valid send on the fuzz channel.</summary>
    public static string Send(string text) =>
        "{\"method\":\"send\",\"params\":{\"channel_id\":\"" + Channel + "\",\"text\":\"" + text + "\",\"user\":{\"platform_id\":\"u\",\"display_name\":\"Fuzz\",\"librefang_user\":null}}}";

    private byte[] HugeLine(int which)
    {
        var filler = new string('x', HugeLineBytes);
        return (which % 3) switch
        {
            // A send with 16 MiB of text but no user: parsed whole, then rejected.
            0 => Line("{\"method\":\"send\",\"params\":{\"channel_id\":\"c\",\"text\":\"" + filler + "\"}}"),
            // An unknown method: kept whole as an UnknownCommand and handed to the adapter.
            1 => Line("{\"method\":\"future_command\",\"params\":{\"blob\":\"" + filler + "\"}}"),
            // Not JSON at all.
            _ => Line(filler),
        };
    }

    private byte[] FlipBits(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        for (var flips = _random.Next(1, 4); flips > 0; flips--)
        {
            var at = _random.Next(bytes.Length);
            bytes[at] ^= (byte)(1 << _random.Next(8));
        }
        // A flipped bit may make a newline, which only splits the line in two: both halves are fuzz too.
        return [.. bytes, (byte)'\n'];
    }

    private string SwapValue(string line)
    {
        var colon = line.IndexOf(':', _random.Next(line.Length));
        if (colon < 0)
        {
            return line;
        }
        var end = line.IndexOfAny([',', '}'], colon + 1);
        return end < 0 ? line : line[..(colon + 1)] + Replacements[_random.Next(Replacements.Length)] + line[end..];
    }

    private string ReplaceAString(string line, string replacement)
    {
        var at = line.IndexOf(":\"", _random.Next(line.Length), StringComparison.Ordinal);
        return at < 0 ? line : line[..(at + 2)] + replacement + line[(at + 2)..];
    }

    private byte[] Insert(byte[] line, byte[] inserted)
    {
        var at = _random.Next(line.Length + 1);
        return [.. line[..at], .. inserted, .. line[at..], (byte)'\n'];
    }

    private static byte[] Line(string text) => Encoding.UTF8.GetBytes(text + "\n");
}
