using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using LibreFang.Sidecar.Protocol;

namespace LibreFang.Sidecar.Tests.Hosting;

/// <summary>
/// Drives a session in-process over two pipes, the way the supervisor drives the process: lines in, events out.
/// </summary>
internal sealed class SessionHarness : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Pipe _stdin = new();
    private readonly Pipe _stdout;
    private readonly StreamReader _events;
    private readonly CancellationTokenSource _cancel = new();

    public SessionHarness(ISidecarAdapter adapter, SidecarHostOptions? options = null, PipeOptions? stdoutOptions = null)
    {
        _stdout = new Pipe(stdoutOptions ?? PipeOptions.Default);
        Log = new StringWriter();
        Options = (options ?? new SidecarHostOptions()) with { Log = new SidecarLog(TextWriter.Synchronized(Log)) };
        _events = new StreamReader(_stdout.Reader.AsStream(), new UTF8Encoding(false));
        Run = SidecarHost.RunSessionAsync(adapter, _stdin.Reader.AsStream(), _stdout.Writer.AsStream(), Options, _cancel.Token);
    }

    public SidecarHostOptions Options { get; }

    public StringWriter Log { get; }

    /// <summary>The session; its result is the exit code.</summary>
    public Task<int> Run { get; }

    public Task SendAsync(string line) => SendBytesAsync(Encoding.UTF8.GetBytes(line + "\n"));

    public async Task SendBytesAsync(byte[] bytes)
    {
        await _stdin.Writer.WriteAsync(bytes);
        await _stdin.Writer.FlushAsync();
    }

    public async Task CloseInputAsync() => await _stdin.Writer.CompleteAsync();

    /// <summary>The next event line, parsed; fails the test after a bounded wait.</summary>
    public async Task<JsonElement> NextEventAsync()
    {
        var line = await NextLineAsync() ?? throw new Xunit.Sdk.XunitException("stdout ended; expected another event");
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }

    public async Task<string?> NextLineAsync() => await _events.ReadLineAsync().WaitAsync(Patience);

    /// <summary>The next event whose method is not <c>ready</c>.</summary>
    public async Task<JsonElement> NextNonReadyEventAsync()
    {
        while (true)
        {
            var next = await NextEventAsync();
            if (next.GetProperty("method").GetString() != "ready")
            {
                return next;
            }
        }
    }

    /// <summary>Every remaining event line until stdout ends (after the session finished).</summary>
    public async Task<List<JsonElement>> RemainingEventsAsync()
    {
        var events = new List<JsonElement>();
        while (await NextLineAsync() is { } line)
        {
            using var document = JsonDocument.Parse(line);
            events.Add(document.RootElement.Clone());
        }
        return events;
    }

    /// <summary>Waits for the exit code, then closes stdout so readers see its end.</summary>
    public async Task<int> ExitCodeAsync()
    {
        var code = await Run.WaitAsync(Patience);
        await _stdout.Writer.CompleteAsync();
        return code;
    }

    public async ValueTask DisposeAsync()
    {
        _cancel.Cancel();
        try
        {
            await Run.WaitAsync(Patience);
        }
        catch
        {
            // The test already reported what mattered.
        }
        _cancel.Dispose();
    }

    public static string Send(string text, string channel = "c1") =>
        "{\"method\":\"send\",\"params\":{\"channel_id\":\"" + channel + "\",\"text\":" + JsonSerializer.Serialize(text, Json.Context.String) +
        ",\"user\":{\"platform_id\":\"" + channel + "\",\"display_name\":\"Bob\",\"librefang_user\":null}}}";

    public static string Method(JsonElement frame) => frame.GetProperty("method").GetString()!;
}

internal static class Json
{
    public static readonly SourceGenerationContext Context = SourceGenerationContext.Default;
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class SourceGenerationContext : System.Text.Json.Serialization.JsonSerializerContext;
