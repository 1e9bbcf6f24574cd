// --mode good | stdout-noise | noise-on-exit | ignore-shutdown | null-metadata | crash-on-unknown | slow-crash-on-unknown
//        | block-stdin | chatty | ready-then-exit | log-under-stdout-lock
using System.Text.Json;

var mode = args.Length >= 2 && args[0] == "--mode" ? args[1] : "good";
if (args.Contains("--describe"))
{
    Console.Out.Write("""{"name":"broken","display_name":"Broken","description":"deliberately broken adapters","fields":[]}""");
    return 0;
}

var stdout = Console.Out;
// log-under-stdout-lock: stdout writes and stderr log lines share one lock, as .NET's console streams do, and the stdin
// reader logs the lines it rejects.
var outputLock = new object();
void Emit(string json)
{
    lock (outputLock)
    {
        stdout.Write(json + "\n");
        stdout.Flush();
    }
}

if (mode == "stdout-noise")
{
    Emit("starting up, please wait");
}
Emit("""{"method":"ready","params":{"capabilities":["typing"],"account_id":null,"suppress_error_responses":false,"notification_recipients":[],"header_rules":[],"protocol_version":1}}""");
if (mode == "block-stdin")
{
    Thread.Sleep(Timeout.Infinite);
}
if (mode == "ready-then-exit")
{
    return 3;
}
if (mode == "chatty")
{
    // Never goes quiet: re-announces ready every 100 ms, ack or not.
    new Thread(() =>
    {
        while (true)
        {
            Thread.Sleep(100);
            Emit("""{"method":"ready","params":{"capabilities":[],"account_id":null,"suppress_error_responses":false,"notification_recipients":[],"header_rules":[],"protocol_version":1}}""");
        }
    }) { IsBackground = true }.Start();
}

// stdin is drained on its own thread, so a full stdout never stops it (the daemon's writes have no timeout).
var lines = new System.Collections.Concurrent.BlockingCollection<string>();
var reader = new Thread(() =>
{
    while (Console.In.ReadLine() is { } read)
    {
        if (mode == "log-under-stdout-lock" && !IsJson(read))
        {
            lock (outputLock)
            {
                Console.Error.WriteLine("rejected a line: " + read);
            }
        }
        lines.Add(read);
    }
    lines.CompleteAdding();
}) { IsBackground = true };
reader.Start();

var counter = 0;
foreach (var line in lines.GetConsumingEnumerable())
{
    string? method;
    JsonElement root;
    try
    {
        using var document = JsonDocument.Parse(line);
        root = document.RootElement.Clone();
        method = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
    }
    catch (JsonException)
    {
        Emit("""{"method":"error","params":{"message":"invalid JSON"}}""");
        continue;
    }
    switch (method)
    {
        case "shutdown" when mode != "ignore-shutdown":
            if (mode == "noise-on-exit")
            {
                Emit("goodbye, shutting down");
            }
            return 0;
        case "shutdown" or "ready_ack" or "heartbeat" or "typing" or "stream_delta" or "stream_end":
            break;
        case "send":
            var text = root.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (text is null)
            {
                Emit("""{"method":"error","params":{"message":"send without text"}}""");
                break;
            }
            var metadata = mode == "null-metadata" ? ""","metadata":null""" : "";
            Emit("{\"method\":\"message\",\"params\":{\"user_id\":\"u\",\"user_name\":\"Broken\",\"text\":" + JsonSerializer.Serialize(text, ConformanceJson.Default.String)
                + ",\"message_id\":\"b-" + ++counter + "\",\"channel_id\":\"c\"" + metadata + "}}");
            break;
        default:
            if (mode == "crash-on-unknown")
            {
                Console.Error.WriteLine("unknown method, crashing");
                return 1;
            }
            if (mode == "slow-crash-on-unknown")
            {
                // Dies a second later, so the runner's next writes meet a pipe that closes under them.
                Console.Error.WriteLine("unknown method, crashing in 1 s");
                Thread.Sleep(1000);
                return 1;
            }
            break;
    }
}
if (mode == "ignore-shutdown")
{
    Thread.Sleep(Timeout.Infinite);
}
if (mode == "noise-on-exit")
{
    Emit("stdin closed, bye");
}
return 0;

static bool IsJson(string line)
{
    try
    {
        using var _ = JsonDocument.Parse(line);
        return true;
    }
    catch (JsonException)
    {
        return false;
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class ConformanceJson : System.Text.Json.Serialization.JsonSerializerContext;
