using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using LibreFang.Sidecar;
using MyAdapter;

namespace MyAdapter.Tests;

/// <summary>Drives the adapter in-process, the way the LibreFang supervisor drives the binary.</summary>
public sealed class AdapterTests
{
    private static readonly DictionarySettings Settings = new(new Dictionary<string, string> { ["MYPLATFORM_TOKEN"] = "test-token" });

    [Fact]
    public async Task Describe_prints_the_schema()
    {
        var (code, lines) = await RunAsync(["--describe"], [], Settings);

        Assert.Equal(0, code);
        using var schema = JsonDocument.Parse(Assert.Single(lines));
        Assert.Equal("myplatform", schema.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_session_announces_ready_serves_a_send_and_stops_on_shutdown()
    {
        var (code, lines) = await RunAsync([],
        [
            """{"method":"ready_ack"}""",
            """{"method":"send","params":{"channel_id":"general","text":"hi","user":{"platform_id":"general","display_name":"Ann","librefang_user":null}}}""",
            """{"method":"shutdown"}""",
        ], Settings);

        Assert.Equal(0, code);
        Assert.StartsWith("{\"method\":\"ready\"", lines[0]);
        Assert.DoesNotContain(lines, l => l.Contains("\"method\":\"error\""));
        using var message = JsonDocument.Parse(Assert.Single(lines, l => l.Contains("\"method\":\"message\"")));
        Assert.Equal("hi", message.RootElement.GetProperty("params").GetProperty("text").GetString());
        Assert.Equal("general", message.RootElement.GetProperty("params").GetProperty("channel_id").GetString());
    }

    [Fact]
    public async Task A_missing_token_is_reported_and_exits_2()
    {
        var (code, lines) = await RunAsync([], [], new DictionarySettings(new Dictionary<string, string>()));

        Assert.Equal(2, code);
        Assert.Contains("MYPLATFORM_TOKEN", Assert.Single(lines));
    }

    private static async Task<(int Code, List<string> Lines)> RunAsync(string[] args, string[] input, ISettingsSource settings)
    {
        var stdin = new MemoryStream(Encoding.UTF8.GetBytes(string.Concat(input.Select(l => l + "\n"))));
        var stdout = new Pipe();
        var options = new SidecarHostOptions { Settings = settings, Log = new SidecarLog(TextWriter.Null) };
        var code = await SidecarHost.RunAsync<PlatformAdapter>(args, stdin, stdout.Writer.AsStream(), options).WaitAsync(TimeSpan.FromSeconds(20));
        await stdout.Writer.CompleteAsync();
        var text = await new StreamReader(stdout.Reader.AsStream()).ReadToEndAsync();
        return (code, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList());
    }
}
