using BenchmarkDotNet.Attributes;
using LibreFang.Sidecar.Helpers;

namespace LibreFang.Sidecar.Benchmarks;

/// <summary>
/// <see cref="MessageSplitter.Split"/> over growing texts at a 4 096 limit: the time per MiB stays flat when splitting
/// is linear (it grew with the size when the rest was re-measured for every chunk).
/// </summary>
[MemoryDiagnoser]
public class SplittingBenchmarks
{
    private string _text = "";

    [Params(1, 4, 16)]
    public int MiB { get; set; }

    [Params(TextUnit.CodePoints, TextUnit.Utf8Bytes)]
    public TextUnit Unit { get; set; }

    /// <summary>Mostly ASCII chat, or CJK with emoji (every character takes the Unicode lookup).</summary>
    [Params("latin", "cjk")]
    public string Script { get; set; } = "latin";

    [GlobalSetup]
    public void Setup()
    {
        // Words and newlines, with some non-ASCII, so cuts land on newlines and on grapheme boundaries.
        var line = Script == "latin" ? "héllo wörld, a line of chat text 👋\n" : "你好世界，这是一行聊天文字 👋🏽 안녕하세요\n";
        _text = string.Concat(Enumerable.Repeat(line, MiB * 1024 * 1024 / line.Length));
    }

    [Benchmark]
    public int Split() => MessageSplitter.Split(_text, 4096, Unit).Count;
}
