using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using LibreFang.Sidecar.Protocol;
using LibreFang.Sidecar.Testing;

namespace LibreFang.Sidecar.WebChat.Tests.EndToEnd;

/// <summary>
/// The published web chat binary under a loop that plays the daemon's part over stdio: every <c>ready</c> is answered
/// with <c>ready_ack</c>, every stdout line is checked with the daemon's acceptance rules, and the other events are
/// handed to the test, which answers them with the commands the daemon sends to an adapter with these capabilities.
/// </summary>
internal sealed partial class WebChatSupervisor : IAsyncDisposable
{
    public const string Token = "e2e-token-0123456789abcdef";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly AdapterProcess _adapter;
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();
    private readonly ConcurrentQueue<string> _rejected = new();
    private readonly TaskCompletionSource<JsonElement> _firstReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _pump;
    private int _readies;

    private WebChatSupervisor(AdapterProcess adapter)
    {
        _adapter = adapter;
        _pump = Task.Run(PumpAsync);
    }

    public Uri BaseAddress { get; private set; } = null!;

    public JsonElement Ready { get; private set; }

    public int ProcessId => _adapter.ProcessId;

    /// <summary>stdout lines the daemon would have rejected, with the reason.</summary>
    public IReadOnlyCollection<string> Rejected => _rejected;

    public IReadOnlyCollection<string> Stderr => _adapter.Stderr;

    public static Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?> { ["WEBCHAT_TOKEN"] = Token, ["WEBCHAT_PORT"] = "0" };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }
        return settings;
    }

    public static async Task<WebChatSupervisor> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var supervisor = new WebChatSupervisor(AdapterProcess.Start(await PublishedBinary.WebChatAsync(), [], settings ?? Settings()));
        supervisor.Ready = await supervisor._firstReady.Task.WaitAsync(Patience);
        supervisor.BaseAddress = await supervisor.ListeningAddressAsync();
        return supervisor;
    }

    /// <summary>The address the adapter logs once it listens (the tests use port 0: any free port).</summary>
    private async Task<Uri> ListeningAddressAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            foreach (var line in _adapter.Stderr)
            {
                if (ListeningLine().Match(line) is { Success: true } match)
                {
                    return new Uri(match.Groups[1].Value);
                }
            }
            if (_adapter.HasExited)
            {
                throw new Xunit.Sdk.XunitException("the adapter exited before listening; stderr:\n" + string.Join("\n", _adapter.Stderr));
            }
            await Task.Delay(50, timeout.Token);
        }
    }

    [GeneratedRegex("\"message\":\"web chat listening\".*\"url\":\"([^\"]+)\"")]
    private static partial Regex ListeningLine();

    private async Task PumpAsync()
    {
        while (true)
        {
            string line;
            try
            {
                line = await _adapter.NextLineAsync(TimeSpan.FromDays(1));
            }
            catch (Exception)
            {
                _events.Writer.TryComplete();
                return;
            }
            var verdict = EventParser.Parse(Encoding.UTF8.GetBytes(line));
            if (!verdict.IsSuccess)
            {
                _rejected.Enqueue($"{line} ({verdict.Error?.Message})");
                continue;
            }
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement.Clone();
            if (root.GetProperty("method").GetString() == "ready")
            {
                // The daemon acknowledges every ready, as the supervisor does.
                Interlocked.Increment(ref _readies);
                _firstReady.TrySetResult(root);
                await _adapter.WriteLineAsync("""{"method":"ready_ack"}""");
                continue;
            }
            await _events.Writer.WriteAsync(root);
        }
    }

    public Task WriteAsync(Command command) => _adapter.WriteLineAsync(WireFormat.CommandToJson(command));

    /// <summary>The next event of this method (others are skipped).</summary>
    public async Task<JsonElement> NextAsync(string method, TimeSpan? patience = null)
    {
        using var timeout = new CancellationTokenSource(patience ?? Patience);
        while (true)
        {
            JsonElement next;
            try
            {
                next = await _events.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"no '{method}' event within {(patience ?? Patience).TotalSeconds} s; stderr:\n" + string.Join("\n", _adapter.Stderr));
            }
            if (next.GetProperty("method").GetString() == method)
            {
                return next.GetProperty("params");
            }
        }
    }

    /// <summary>Every event that arrives within the window (the test checks that a refused request produced none).</summary>
    public async Task<List<JsonElement>> EventsWithinAsync(TimeSpan window)
    {
        var events = new List<JsonElement>();
        using var timeout = new CancellationTokenSource(window);
        try
        {
            while (true)
            {
                events.Add(await _events.Reader.ReadAsync(timeout.Token));
            }
        }
        catch (OperationCanceledException)
        {
        }
        return events;
    }

    public Task ShutdownAsync() => _adapter.WriteLineAsync("""{"method":"shutdown"}""");

    public Task<int> WaitForExitAsync() => _adapter.WaitForExitAsync();

    /// <summary>Peak and current resident memory of the adapter process, in KiB (Linux).</summary>
    public (long PeakKiB, long CurrentKiB) Memory()
    {
        var status = File.ReadAllLines($"/proc/{_adapter.ProcessId}/status");
        long Read(string key) => long.Parse(status.Single(l => l.StartsWith(key, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return (Read("VmHWM:"), Read("VmRSS:"));
    }

    public HttpClient Client(bool withToken = true)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        if (withToken)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        }
        return client;
    }

    // Commands as the daemon writes them.

    public static SendCommand Send(string channel, string text, string? threadId = null) =>
        new(channel, text, new ChannelUser(channel, "Alice"), Content.Text(text), threadId);

    /// <summary>A non-text send: the daemon's <c>text</c> is then the content's JSON.</summary>
    public static SendCommand Send(string channel, Content content)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WireFormat.WriteContent(writer, content);
        }
        return new SendCommand(channel, Encoding.UTF8.GetString(buffer.ToArray()), new ChannelUser(channel, "Alice"), content);
    }

    public async ValueTask DisposeAsync()
    {
        await _adapter.DisposeAsync();
        await _pump.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
