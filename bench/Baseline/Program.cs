// Reads stdin line by line; answers every line except ready_ack and shutdown with one fixed message frame.
// It flushes after every frame, as a real adapter must, so the comparison with the SDK is fair.
// With LIBREFANG_BASELINE_EXIT_AT_EOF_ONLY=1 it ignores shutdown and exits only at stdin EOF, like the upstream Rust SDK's
// echo: the fixture for the bench driver's stop (bench/README.md).
var exitAtEofOnly = Environment.GetEnvironmentVariable("LIBREFANG_BASELINE_EXIT_AT_EOF_ONLY") == "1";
var stdin = Console.OpenStandardInput();
var stdout = Console.OpenStandardOutput();
stdout.Write("{\"method\":\"ready\",\"params\":{\"capabilities\":[],\"account_id\":null,\"suppress_error_responses\":false,\"notification_recipients\":[],\"header_rules\":[],\"protocol_version\":null}}\n"u8);
stdout.Flush();
var answer = "{\"method\":\"message\",\"params\":{\"user_id\":\"echo-user\",\"user_name\":\"Echo\",\"text\":\"you said: hi\",\"channel_id\":\"c1\",\"platform\":\"echo\"}}\n"u8.ToArray();
var buffer = new byte[64 * 1024];
var line = new List<byte>(256);
while (true)
{
    var read = stdin.Read(buffer);
    if (read == 0)
    {
        return 0;
    }
    for (var i = 0; i < read; i++)
    {
        if (buffer[i] != (byte)'\n')
        {
            line.Add(buffer[i]);
            continue;
        }
        var text = System.Text.Encoding.UTF8.GetString(line.ToArray());
        line.Clear();
        if (text.Contains("\"shutdown\""))
        {
            if (exitAtEofOnly)
            {
                continue;
            }
            return 0;
        }
        if (!text.Contains("\"ready_ack\""))
        {
            stdout.Write(answer);
            stdout.Flush();
        }
    }
}
