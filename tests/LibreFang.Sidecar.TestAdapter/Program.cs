using System.Diagnostics;
using System.Runtime.InteropServices;
using LibreFang.Sidecar;

return await SidecarHost.RunAsync<TestAdapter>(args);

/// <summary>
/// Answers <c>send</c> with a <c>message</c> carrying the same text, except for the texts that steer it:
/// <c>block</c> (blocks its thread for 10 s, ignoring cancellation), <c>sleep</c> (blocks its thread for 3 s, then
/// answers), a text starting with <c>yield</c> (the handler goes asynchronous before it answers), <c>throw</c> (the
/// handler fails),
/// <c>stdout</c> (writes to Console.Out, which the host redirects to stderr), and the writes that bypass .NET's console:
/// <c>native-stdout</c> (libc <c>puts</c>), <c>raw-stdout</c> (<c>Console.OpenStandardOutput()</c>), <c>child-stdout</c> (a
/// child process with inherited stdio prints), <c>child-stdin</c> (a child process reads one byte of inherited stdin).
/// TEST_PRODUCER: <c>idle</c> (default), <c>throw</c> (crash after 200 ms), <c>hello</c> (one inbound message).
/// </summary>
internal sealed class TestAdapter(string producerMode) : ISidecarAdapter, ISidecarAdapterFactory<TestAdapter>
{
    private long _answered;

    public static Schema Schema { get; } = new("test-adapter", "Test adapter", "Drives the host in process-level tests",
    [
        new Field("TEST_TOKEN", "Token", FieldType.Secret) { Required = true },
        new Field("TEST_PRODUCER", "Producer mode", FieldType.Select) { Options = ["idle", "throw", "hello"], Advanced = true },
    ]);

    public static TestAdapter Create(ISettingsSource settings)
    {
        var problems = new List<ConfigurationProblem>();
        if (string.IsNullOrWhiteSpace(settings.Get("TEST_TOKEN")))
        {
            problems.Add(new("TEST_TOKEN", "TEST_TOKEN is required"));
        }
        var mode = settings.Get("TEST_PRODUCER")?.Trim() ?? "idle";
        if (mode is not ("idle" or "throw" or "hello"))
        {
            problems.Add(new("TEST_PRODUCER", $"TEST_PRODUCER must be one of idle, throw, hello (got '{mode}')"));
        }
        return problems.Count > 0 ? throw new ConfigurationException(problems) : new TestAdapter(mode);
    }

    public ReadyEvent CreateReadyEvent() => new() { Capabilities = ["typing"], ProtocolVersion = 1 };

    public async ValueTask HandleCommandAsync(Command command, IEventEmitter events, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case SendCommand { Text: "block" }:
                Thread.Sleep(TimeSpan.FromSeconds(10));
                break;
            case SendCommand { Text: "sleep" } sleep:
                Thread.Sleep(TimeSpan.FromSeconds(3));
                await events.EmitAsync(new MessageBuilder("echo-user", "Echo").Text(sleep.Text).ChannelId(sleep.ChannelId).Build(), cancellationToken);
                break;
            case SendCommand send when send.Text.StartsWith("yield", StringComparison.Ordinal):
                await Task.Yield();
                await events.EmitAsync(new MessageBuilder("echo-user", "Echo").Text(send.Text).ChannelId(send.ChannelId).Build(), cancellationToken);
                break;
            case SendCommand { Text: "throw" }:
                throw new InvalidOperationException("handler failed on purpose");
            case SendCommand { Text: "stdout" }:
                Console.WriteLine("a stray line that must not reach the protocol");
                break;
            case SendCommand { Text: "native-stdout" }:
                NativeOutput.Puts("native code printed this");
                NativeOutput.Fflush(0);
                break;
            case SendCommand { Text: "raw-stdout" }:
                using (var raw = Console.OpenStandardOutput())
                {
                    raw.Write("the raw stdout stream got this\n"u8);
                }
                break;
            case SendCommand { Text: "child-stdout" }:
                RunChild("echo a child process printed this");
                break;
            case SendCommand { Text: "child-stdin" }:
                RunChild("head -c 1 >/dev/null; echo the child read stdin >&2");
                break;
            case SendCommand send:
                var id = Interlocked.Increment(ref _answered);
                await events.EmitAsync(new MessageBuilder("echo-user", "Echo").Text(send.Text).ChannelId(send.ChannelId).MessageId(id.ToString()).Build(), cancellationToken);
                break;
        }
    }

    private static void RunChild(string script)
    {
        // Inherited stdin, stdout and stderr, as a helper CLI or ffmpeg started without redirection gets them.
        using var child = Process.Start(new ProcessStartInfo("sh", ["-c", script]) { UseShellExecute = false })!;
        child.WaitForExit();
    }

    public async Task ProduceAsync(IEventEmitter events, CancellationToken cancellationToken)
    {
        switch (producerMode)
        {
            case "throw":
                await Task.Delay(200, cancellationToken);
                throw new InvalidOperationException("platform login rejected");
            case "hello":
                await events.EmitAsync(new MessageBuilder("u1", "Ann").Text("hello from the platform").MessageId("p1").Build(), cancellationToken);
                break;
        }
    }
}

internal static partial class NativeOutput
{
    [DllImport("libc", EntryPoint = "puts")]
    public static extern int Puts([MarshalAs(UnmanagedType.LPUTF8Str)] string text);

    [DllImport("libc", EntryPoint = "fflush")]
    public static extern int Fflush(nint stream);
}
