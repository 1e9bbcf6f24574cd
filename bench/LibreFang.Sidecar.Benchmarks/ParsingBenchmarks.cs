using System.Text;
using BenchmarkDotNet.Attributes;
using LibreFang.Sidecar.Protocol;

namespace LibreFang.Sidecar.Benchmarks;

/// <summary>Command parsing per command type. Goal: parsing <c>send</c> allocates only the strings the command exposes.</summary>
[MemoryDiagnoser]
public class ParsingBenchmarks
{
    private static readonly Dictionary<string, byte[]> Lines = new()
    {
        ["send"] = Encoding.UTF8.GetBytes("""{"method":"send","params":{"channel_id":"c1","text":"hello there","content":{"Text":"hello there"},"thread_id":"t1","user":{"platform_id":"c1","display_name":"Alice","librefang_user":null}}}"""),
        ["send_minimal"] = Encoding.UTF8.GetBytes("""{"method":"send","params":{"channel_id":"c1","text":"hi","user":{"platform_id":"c1","display_name":"Bob","librefang_user":null}}}"""),
        ["ready_ack"] = Encoding.UTF8.GetBytes("""{"method":"ready_ack"}"""),
        ["heartbeat"] = Encoding.UTF8.GetBytes("""{"method":"heartbeat"}"""),
        ["typing"] = Encoding.UTF8.GetBytes("""{"method":"typing","params":{"channel_id":"c1"}}"""),
        ["reaction"] = Encoding.UTF8.GetBytes("""{"method":"reaction","params":{"channel_id":"c1","message_id":"55","reaction":"⚙️","phase":"tool_use","tool_name":"web_fetch"}}"""),
        ["interactive"] = Encoding.UTF8.GetBytes("""{"method":"interactive","params":{"channel_id":"c1","message":{"text":"pick","buttons":[[{"label":"Yes","action":"y"},{"label":"Docs","action":"d","url":"https://x"}]]}}}"""),
        ["stream_start"] = Encoding.UTF8.GetBytes("""{"method":"stream_start","params":{"channel_id":"c1","stream_id":"s1","thread_id":"t1"}}"""),
        ["stream_delta"] = Encoding.UTF8.GetBytes("""{"method":"stream_delta","params":{"stream_id":"s1","text":"Hel"}}"""),
        ["stream_end"] = Encoding.UTF8.GetBytes("""{"method":"stream_end","params":{"stream_id":"s1"}}"""),
        ["unknown"] = Encoding.UTF8.GetBytes("""{"method":"future_thing","params":{"x":1}}"""),
    };

    [ParamsSource(nameof(Commands))]
    public string Command { get; set; } = "send";

    public static IEnumerable<string> Commands => Lines.Keys;

    private byte[] _line = [];

    [GlobalSetup]
    public void Setup() => _line = Lines[Command];

    [Benchmark]
    public Command? Parse() => CommandParser.Parse(_line).Value;
}
